using Microsoft.EntityFrameworkCore.Design;

namespace CasPortal.Infrastructure.Persistence;

/// <summary>
/// Lets `dotnet ef migrations add` build the SQLite model (<c>--context PortalDbContext</c>) without starting the web
/// app.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>
/// The same for PostgreSQL (<c>--context PostgresPortalDbContext</c>); adding a migration never connects. For
/// <c>dotnet ef database update</c>, pass the real database with <c>--connection</c>.
/// </summary>
internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresPortalDbContext>
{
    public PostgresPortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql("Host=localhost;Database=casportal").Options);
}
