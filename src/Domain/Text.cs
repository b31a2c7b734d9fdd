namespace CasPortal.Domain;

internal static class Text
{
    /// <summary>Cuts free text (user agents, reasons) to a column's size rather than refusing the whole record.</summary>
    public static string? Clip(string? value, int length) =>
        value is null || value.Length <= length ? value : value[..length];
}
