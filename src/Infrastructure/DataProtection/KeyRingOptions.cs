using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace CasPortal.Infrastructure.DataProtection;

/// <summary>
/// The <c>DataProtection</c> configuration section. The key ring that encrypts every cookie lives in the portal's
/// database; with a certificate each key is stored encrypted to it, so a copy of the database alone opens no cookie.
/// </summary>
public sealed class KeyRingOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file holding an RSA certificate and its private key; unset stores keys unencrypted.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The .pfx file's password, if it has one (an environment variable or a secret store, not appsettings).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// Earlier certificates (.pfx files, each with its password after a '|' if any) that keys were encrypted to before a
    /// rotation: kept only to read those keys.
    /// </summary>
    public List<string> PreviousCertificatePaths { get; set; } = [];

    public bool IsEncrypted => !string.IsNullOrWhiteSpace(CertificatePath);

    internal static X509Certificate2 Load(string path, string? password) =>
        X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);

    internal static (string Path, string? Password) SplitPrevious(string entry) =>
        entry.Split('|', 2) is [var path, var password] ? (path, password) : (entry, null);
}

/// <summary>One message per unreadable certificate, naming the key; never the password.</summary>
internal sealed class KeyRingOptionsValidator : IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingOptions options)
    {
        var errors = new List<string>();
        if (options.IsEncrypted)
        {
            Check("DataProtection:CertificatePath", options.CertificatePath!, options.CertificatePassword, errors);
        }

        foreach (var entry in options.PreviousCertificatePaths)
        {
            var (path, password) = KeyRingOptions.SplitPrevious(entry);
            Check("DataProtection:PreviousCertificatePaths", path, password, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(string key, string path, string? password, List<string> errors)
    {
        try
        {
            using var certificate = KeyRingOptions.Load(path, password);
            using var rsa = certificate.GetRSAPrivateKey();
            if (rsa is null)
            {
                errors.Add($"{key} '{path}' holds no RSA private key: the key ring needs one to encrypt and read its keys.");
            }
        }
        catch (Exception unreadable) when (unreadable is CryptographicException or IOException or UnauthorizedAccessException)
        {
            errors.Add($"{key} '{path}' cannot be read as a .pfx certificate with its private key (missing file, wrong password or format).");
        }
    }
}

/// <summary>Wires the configured certificate into Data Protection: new keys are encrypted to it, old ones read with any listed.</summary>
internal static class KeyRingProtection
{
    public static void AddKeyRingProtection(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        builder.Services.AddOptions<KeyRingOptions>().Bind(configuration.GetSection(KeyRingOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KeyRingOptions>, KeyRingOptionsValidator>();
        builder.Services.AddHostedService<KeyRingProtectionWarning>();

        // Data Protection takes the certificates when it is registered. One that cannot be read is left out here; the
        // validator above then stops start-up with a plain message instead of a stack trace.
        var ring = configuration.GetSection(KeyRingOptions.SectionName).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (ring.IsEncrypted && TryLoad(ring.CertificatePath!, ring.CertificatePassword) is { } current)
        {
            builder.ProtectKeysWithCertificate(current);
        }

        var previous = ring.PreviousCertificatePaths.Select(KeyRingOptions.SplitPrevious)
            .Select(entry => TryLoad(entry.Path, entry.Password)).OfType<X509Certificate2>().ToArray();
        if (previous.Length > 0)
        {
            builder.UnprotectKeysWithAnyCertificate(previous);
        }
    }

    private static X509Certificate2? TryLoad(string path, string? password)
    {
        try
        {
            return KeyRingOptions.Load(path, password);
        }
        catch (Exception unreadable) when (unreadable is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>
/// Says once at start-up that the cookie keys sit unencrypted in the database: a warning with the fix in Production,
/// a plain note in Development, where appsettings.Development.json quiets the framework's own alarming line about it.
/// </summary>
internal sealed partial class KeyRingProtectionWarning(IOptions<KeyRingOptions> ring, IHostEnvironment environment, ILogger<KeyRingProtectionWarning> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsProduction() && !ring.Value.IsEncrypted)
        {
            Unencrypted(logger);
        }
        else if (environment.IsDevelopment() && !ring.Value.IsEncrypted)
        {
            UnencryptedInDevelopment(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning,
        Message = "The Data Protection key ring (the keys of every cookie) is stored unencrypted in the database: set DataProtection:CertificatePath to a .pfx certificate so a copy of the database opens no cookie (docs/DEPLOYMENT.md)")]
    private static partial void Unencrypted(ILogger logger);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information,
        Message = "Development: the cookie keys are kept unencrypted in the local database, which is fine on this machine. Production warns about it and avoids it with DataProtection:CertificatePath (docs/DEPLOYMENT.md)")]
    private static partial void UnencryptedInDevelopment(ILogger logger);
}
