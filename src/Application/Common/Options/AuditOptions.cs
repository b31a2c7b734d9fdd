namespace CasPortal.Application.Common.Options;

/// <summary>The <c>Audit</c> configuration section.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>Audit events older than this many days are removed by the retention service.</summary>
    public int RetentionDays { get; set; } = 400;

    /// <summary>How often retention runs.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>
/// Hand-written rather than <c>[OptionsValidator]</c> with <c>[Range]</c>: the generated messages name the property
/// (<c>AuditOptions.RetentionDays</c>), not the key as configured, and cannot show the rejected value.
/// </summary>
public sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var errors = new List<string>();
        if (options.RetentionDays is < 1 or > 36_500)
        {
            errors.Add($"Audit:RetentionDays '{options.RetentionDays}' must be between 1 and 36500.");
        }

        if (options.PurgeInterval < TimeSpan.FromMinutes(1))
        {
            errors.Add($"Audit:PurgeInterval '{options.PurgeInterval}' must be at least 00:01:00.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
