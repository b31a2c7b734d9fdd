namespace CasPortal.Application.Common.Security;

public static class Administrators
{
    /// <summary>
    /// An administrator is named in Portal:Admins, or holds Portal:AdminAttribute with Portal:AdminAttributeValue.
    /// </summary>
    public static bool IsAdministrator(
        string username,
        IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> attributes,
        PortalOptions options)
    {
        if (options.Admins.Contains(username, StringComparer.Ordinal))
        {
            return true;
        }

        if (string.IsNullOrEmpty(options.AdminAttribute) || string.IsNullOrEmpty(options.AdminAttributeValue))
        {
            return false;
        }

        return attributes.Any(attribute => attribute.Key == options.AdminAttribute
            && attribute.Value.Contains(options.AdminAttributeValue, StringComparer.Ordinal));
    }
}
