using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CasPortal.Infrastructure.Persistence.Configurations;

internal sealed class ReauthenticationRequirementConfiguration : IEntityTypeConfiguration<ReauthenticationRequirement>
{
    public void Configure(EntityTypeBuilder<ReauthenticationRequirement> builder)
    {
        builder.ToTable("ReauthenticationRequirements");
        builder.Property(r => r.Username).HasMaxLength(Limits.UsernameLength).IsRequired();
        builder.Property(r => r.BrowserIdHash).HasMaxLength(Limits.BrowserIdHashLength);
        builder.Property(r => r.BrowserDescription).HasMaxLength(Limits.UserAgentLength);
        builder.Property(r => r.SetBy).HasMaxLength(Limits.UsernameLength).IsRequired();
        builder.Property(r => r.Reason).HasMaxLength(Limits.ReauthenticationReasonLength).IsRequired();

        // A sign-in looks requirements up by the user it names and by the browser it came from.
        builder.HasIndex(r => r.Username);
        builder.HasIndex(r => r.BrowserIdHash);
    }
}
