using CasPortal.Domain.Proxy;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CasPortal.Infrastructure.Persistence.Configurations;

internal sealed class ProxyGrantingTicketConfiguration : IEntityTypeConfiguration<ProxyGrantingTicket>
{
    public void Configure(EntityTypeBuilder<ProxyGrantingTicket> builder)
    {
        builder.ToTable("ProxyGrantingTickets");
        builder.HasKey(t => t.Iou);
        builder.Property(t => t.Iou).HasMaxLength(Limits.ProxyGrantingTicketIouLength);
        builder.Property(t => t.Ticket).HasMaxLength(Limits.ProxyGrantingTicketLength).IsRequired();
        builder.Property(t => t.SessionIdHash).HasMaxLength(Limits.SessionIdHashLength);
        builder.HasIndex(t => t.SessionIdHash);
        builder.HasIndex(t => t.ReceivedAt);
    }
}
