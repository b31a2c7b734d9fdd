using Microsoft.Extensions.Options;

namespace CasPortal.Web.Authentication;

/// <summary>
/// The <c>Benchmark</c> section: switches that exist only so bench/ can measure what a safeguard costs. Refused at
/// start-up outside the Development environment.
/// </summary>
public sealed class BenchmarkOptions
{
    public const string SectionName = "Benchmark";

    /// <summary>
    /// Serve each session from memory after its first check instead of reading its row on every request — which
    /// would let a revoked session live on. Only to measure the per-request check against.
    /// </summary>
    public bool BypassSessionCheck { get; set; }
}

public sealed class BenchmarkOptionsValidator(IHostEnvironment environment) : IValidateOptions<BenchmarkOptions>
{
    public ValidateOptionsResult Validate(string? name, BenchmarkOptions options) =>
        options.BypassSessionCheck && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail("Benchmark:BypassSessionCheck weakens revocation and is allowed only in the Development environment.")
            : ValidateOptionsResult.Success;
}
