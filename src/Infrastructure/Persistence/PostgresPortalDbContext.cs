namespace CasPortal.Infrastructure.Persistence;

/// <summary>
/// The portal's database on PostgreSQL (Database:Provider = Postgres): the same model as SQLite, with its own
/// migrations in Persistence/PostgresMigrations.
/// </summary>
public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options)
{
    /// <summary>
    /// Text compares byte by byte ("C" collation), as it does in SQLite: the audit log's user-prefix range
    /// (<c>Username &gt;= p AND Username &lt; p + U+FFFF</c>) and every sort then mean the same on both providers,
    /// whatever locale the database was created with.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<string>().UseCollation("C");
    }
}
