namespace CasPortal.Web;

public static class StartupErrors
{
    /// <summary>
    /// The configuration mistakes behind a failed start, one plain line each; empty when the failure was something
    /// else. Several option sections failing at once arrive wrapped in an AggregateException.
    /// </summary>
    public static IReadOnlyList<string> ConfigurationFailures(Exception exception) => exception switch
    {
        OptionsValidationException invalid => invalid.Failures.ToList(),
        AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
            many.InnerExceptions.SelectMany(e => ((OptionsValidationException)e).Failures).ToList(),
        _ => [],
    };
}
