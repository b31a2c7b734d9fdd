using System.Xml.Linq;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// Reads a CAS 2.0/3.0 <c>serviceValidate</c>/<c>proxyValidate</c> XML answer. Strict about structure (see
/// <see cref="CasXml"/>): the root <c>cas:serviceResponse</c> with exactly one element child, and only direct children
/// read, so markup smuggled into a failure's text never counts. Lenient about attribute styles: CAS 3.0 elements, Jasig
/// name/value pairs, RubyCAS and Name-Value style are all read and merged. Never throws: whatever is not a CAS answer
/// becomes a <see cref="CasFailureCodes.Malformed"/> failure that says what was wrong. No reason ever contains a ticket.
/// </summary>
internal static class CasServiceResponseParser
{
    private static readonly XNamespace Cas = CasXml.Cas;

    public static CasValidationResult Parse(string body)
    {
        if (!CasXml.TryReadServiceResponse(body, "authenticationSuccess", "authenticationFailure", out var answer, out var problem))
        {
            return Malformed(problem);
        }

        return answer.Name.LocalName == "authenticationSuccess"
            ? ReadSuccess(answer)
            : CasValidationResult.Failed(CasXml.Refusal(answer, "the ticket"));
    }

    private static CasValidationResult ReadSuccess(XElement success)
    {
        string? user = null;
        string? proxyGrantingTicketIou = null;
        var proxies = new List<string>();
        var attributes = new CasAttributeCollector();

        foreach (var element in success.Elements())
        {
            if (element.Name == Cas + "user")
            {
                if (user is not null)
                {
                    return Malformed("The CAS server's answer names more than one user.");
                }

                if (element.HasElements)
                {
                    return Malformed("The CAS server's user element holds markup instead of a name.");
                }

                user = CasXml.DirectText(element).Trim();
            }
            else if (element.Name == Cas + "attributes")
            {
                // CAS 3.0: one element per value; Jasig: <cas:attribute name= value=/>.
                foreach (var attribute in element.Elements())
                {
                    AddAttribute(attributes, attribute);
                }
            }
            else if (element.Name == Cas + "proxyGrantingTicket")
            {
                if (proxyGrantingTicketIou is not null)
                {
                    return Malformed("The CAS server's answer holds more than one proxyGrantingTicket.");
                }

                proxyGrantingTicketIou = CasXml.DirectText(element).Trim();
            }
            else if (element.Name == Cas + "proxies")
            {
                proxies.AddRange(element.Elements(Cas + "proxy")
                    .Select(proxy => CasXml.DirectText(proxy).Trim())
                    .Where(proxy => proxy.Length > 0));
            }
            else
            {
                // RubyCAS and Name-Value styles: attributes beside cas:user.
                AddAttribute(attributes, element);
            }
        }

        return CasAssertions.Success("authenticationSuccess", user, attributes, proxyGrantingTicketIou, proxies);
    }

    /// <summary>
    /// <c>&lt;cas:attribute name="…" value="…"/&gt;</c> (Jasig and Name-Value styles) by its name attribute, any other
    /// element (CAS 3.0, RubyCAS) by its own name with its own text as one value.
    /// </summary>
    private static void AddAttribute(CasAttributeCollector attributes, XElement element)
    {
        if (element.Name == Cas + "attribute" && element.Attribute("name") is { } name)
        {
            attributes.Add(name.Value, element.Attribute("value")?.Value ?? CasXml.DirectText(element));
        }
        else
        {
            attributes.Add(element.Name.LocalName, CasXml.DirectText(element));
        }
    }

    private static CasValidationResult Malformed(string reason) => CasValidationResult.Failed(CasFailures.Malformed(reason));
}
