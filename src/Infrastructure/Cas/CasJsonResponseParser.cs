using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// Reads a CAS 3.0 <c>format=JSON</c> answer:
/// <c>{"serviceResponse":{"authenticationSuccess":{"user":…,"attributes":{…},"proxyGrantingTicket":…,"proxies":[…]}}}</c>
/// or <c>{"serviceResponse":{"authenticationFailure":{"code":…,"description":…}}}</c>. As strict as the XML parser:
/// a size and depth cap before anything is built, exactly one property at each level of the envelope, no repeated
/// property where one is expected. Attribute values may be strings, numbers, booleans or arrays of those; they become
/// strings (invariant culture, <c>true</c>/<c>false</c>), giving the same assertion the XML answer gives. Never throws.
/// </summary>
internal static class CasJsonResponseParser
{
    /// <summary>A CAS JSON answer is five levels deep.</summary>
    public const int MaxDepth = 16;

    private const string Success = "authenticationSuccess";
    private const string Failure = "authenticationFailure";

    public static CasValidationResult Parse(string body)
    {
        if (Load(body, out var problem) is not { } document)
        {
            return Malformed(problem!);
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement);
            }
            catch (InvalidOperationException)
            {
                // JsonElement.GetString and JsonProperty.Name on an escaped lone surrogate ("\ud800").
                return Malformed("The CAS server's JSON answer holds a string that is not valid Unicode text.");
            }
        }
    }

    private static JsonDocument? Load(string body, out string? problem)
    {
        problem = CasAnswerBody.SizeProblem(body);
        if (problem is not null)
        {
            return null;
        }

        var start = CasAnswerBody.Start(body);
        if (!CasAnswerBody.LooksLikeJson(start))
        {
            problem = CasAnswerBody.LooksLikeHtml(start)
                ? "The CAS server's answer is not JSON (it looks like an HTML page)."
                : start.Length > 0 && start[0] == '<'
                    ? "The CAS server's answer is XML, not JSON."
                    : "The CAS server's answer is not JSON (it looks like plain text).";
            return null;
        }

        var utf8 = Encoding.UTF8.GetBytes(start.ToString());
        try
        {
            if (!WithinMaxDepth(utf8))
            {
                problem = $"The CAS server's answer is nested more than {MaxDepth} levels deep; a CAS answer is far flatter.";
                return null;
            }

            return JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth + 1 });
        }
        catch (JsonException ex)
        {
            problem = $"The CAS server's answer is not well-formed JSON (broken at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}; it may be cut off).";
            return null;
        }
    }

    /// <summary>
    /// One fast forward-only pass that stops at the first container deeper than <see cref="MaxDepth"/>. Not
    /// <c>JsonDocumentOptions.MaxDepth</c> alone, nor <c>AllowDuplicateProperties = false</c> for the repeats below: both
    /// refuse the same documents, but as a bare <see cref="JsonException"/> that cannot say which rule broke (a depth
    /// overrun looks like a syntax error; a repeat carries neither line nor path), and the reason an operator reads must.
    /// </summary>
    private static bool WithinMaxDepth(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth + 2 });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray
                && reader.CurrentDepth >= MaxDepth)
            {
                return false;
            }
        }

        return true;
    }

    private static CasValidationResult Read(JsonElement root)
    {
        if (!TrySingleProperty(root, "JSON answer", "serviceResponse", out var envelope, out var problem))
        {
            return Malformed(problem);
        }

        if (envelope.Name != "serviceResponse")
        {
            return Malformed($"The CAS server's JSON answer holds '{ServerText.Quote(envelope.Name)}' instead of serviceResponse.");
        }

        if (!TrySingleProperty(envelope.Value, "serviceResponse", $"{Success} or {Failure}", out var answer, out problem))
        {
            return Malformed(problem);
        }

        return answer.Name switch
        {
            Success when answer.Value.ValueKind == JsonValueKind.Object => ReadSuccess(answer.Value),
            Failure when answer.Value.ValueKind == JsonValueKind.Object => ReadFailure(answer.Value),
            Success or Failure => Malformed($"The CAS server's {answer.Name} is not a JSON object."),
            _ => Malformed($"The CAS server's serviceResponse holds '{ServerText.Quote(answer.Name)}' instead of {Success} or {Failure}."),
        };
    }

    private static CasValidationResult ReadSuccess(JsonElement success)
    {
        if (RepeatedProperty(success, Success) is { } repeated)
        {
            return Malformed(repeated);
        }

        string? user = null;
        string? proxyGrantingTicketIou = null;
        var proxies = new List<string>();
        var attributes = new CasAttributeCollector();

        foreach (var property in success.EnumerateObject())
        {
            string? problem = null;
            switch (property.Name)
            {
                case "user":
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        return Malformed("The CAS server's user is not a JSON string.");
                    }

                    user = property.Value.GetString()!.Trim();
                    break;
                case "attributes":
                    problem = ReadAttributes(property.Value, attributes);
                    break;
                case "proxyGrantingTicket":
                    if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    {
                        return Malformed("The CAS server's proxyGrantingTicket is not a JSON string.");
                    }

                    proxyGrantingTicketIou = property.Value.GetString()?.Trim();
                    break;
                case "proxies":
                    problem = ReadProxies(property.Value, proxies);
                    break;
                default:
                    // Like RubyCAS style in XML: an attribute beside the user.
                    problem = AddValues(attributes, property.Name, property.Value);
                    break;
            }

            if (problem is not null)
            {
                return Malformed(problem);
            }
        }

        return CasAssertions.Success(Success, user, attributes, proxyGrantingTicketIou, proxies);
    }

    private static CasValidationResult ReadFailure(JsonElement failure)
    {
        if (RepeatedProperty(failure, Failure) is { } repeated)
        {
            return Malformed(repeated);
        }

        // Only strings count: an object smuggled in as the description is not the server's text.
        return CasValidationResult.Failed(CasFailures.Refusal(StringOf(failure, "code"), StringOf(failure, "description"), "the ticket"));
    }

    private static string? ReadAttributes(JsonElement attributesObject, CasAttributeCollector attributes)
    {
        if (attributesObject.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (attributesObject.ValueKind != JsonValueKind.Object)
        {
            return "The CAS server's attributes are not a JSON object.";
        }

        if (RepeatedProperty(attributesObject, "attributes") is { } repeated)
        {
            return repeated;
        }

        foreach (var attribute in attributesObject.EnumerateObject())
        {
            if (AddValues(attributes, attribute.Name, attribute.Value) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>One value or an array of values; null adds nothing. Nested objects or arrays are refused.</summary>
    private static string? AddValues(CasAttributeCollector attributes, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return AddValue(attributes, name, value);
        }

        foreach (var item in value.EnumerateArray())
        {
            if (AddValue(attributes, name, item) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? AddValue(CasAttributeCollector attributes, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Object or JsonValueKind.Array:
                return $"The CAS server's attribute '{ServerText.Quote(name)}' holds a nested JSON {(value.ValueKind == JsonValueKind.Object ? "object" : "array")}; "
                    + "attribute values are strings, numbers or booleans.";
            default:
                attributes.Add(name, Scalar(value));
                return null;
        }
    }

    /// <summary>A string as sent; a number in invariant culture without a needless exponent or trailing zeros; true/false.</summary>
    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ when value.TryGetInt64(out var integer) => integer.ToString(CultureInfo.InvariantCulture),
        // G29 drops the trailing zeros decimal keeps from the text (1.7962425021840E9 → 1796242502.184).
        _ when value.TryGetDecimal(out var number) => number.ToString("G29", CultureInfo.InvariantCulture),
        _ when value.TryGetDouble(out var real) && double.IsFinite(real) => real.ToString("R", CultureInfo.InvariantCulture),
        _ => value.GetRawText(),
    };

    private static string? ReadProxies(JsonElement value, List<string> proxies)
    {
        IEnumerable<JsonElement> items = value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray(),
            JsonValueKind.Null => [],
            _ => [value],
        };

        foreach (var item in items)
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return "The CAS server's proxies are not JSON strings.";
            }

            if (item.GetString()!.Trim() is { Length: > 0 } proxy)
            {
                proxies.Add(proxy);
            }
        }

        return null;
    }

    /// <summary>The one property of a JSON object that must hold exactly <paramref name="expected"/>.</summary>
    private static bool TrySingleProperty(
        JsonElement element,
        string what,
        string expected,
        out JsonProperty property,
        [NotNullWhen(false)] out string? problem)
    {
        property = default;
        problem = null;
        var properties = element.ValueKind == JsonValueKind.Object ? element.EnumerateObject().Take(2).ToList() : null;
        switch (properties)
        {
            case null:
                problem = $"The CAS server's {what} is not a JSON object holding {expected}.";
                return false;
            case []:
                problem = $"The CAS server's {what} is empty (no {expected}).";
                return false;
            case [var only]:
                property = only;
                return true;
            default:
                problem = $"The CAS server's {what} holds more than one property; a CAS answer holds exactly one.";
                return false;
        }
    }

    /// <summary>Why an object repeats a property (a second "user" smuggled in after the first), or null.</summary>
    private static string? RepeatedProperty(JsonElement element, string what)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!names.Add(property.Name))
            {
                return $"The CAS server's {what} repeats '{ServerText.Quote(property.Name)}'; a CAS answer names each once.";
            }
        }

        return null;
    }

    private static string StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private static CasValidationResult Malformed(string reason) => CasValidationResult.Failed(CasFailures.Malformed(reason));
}
