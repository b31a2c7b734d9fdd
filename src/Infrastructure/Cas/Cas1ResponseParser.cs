namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// Reads a CAS 1.0 <c>/validate</c> answer: <c>yes\n{user}\n</c> or <c>no\n\n</c>, line ends LF or CRLF. Anything
/// else (more lines, other words, XML, HTML) is a <see cref="CasFailureCodes.Malformed"/> failure. CAS 1.0 has no
/// failure codes and no attributes: "no" becomes <see cref="CasFailureCodes.InvalidTicket"/>, like a used or unknown
/// ticket in CAS 2.0/3.0, so a replayed ticket leads to a fresh login the same way.
/// </summary>
internal static class Cas1ResponseParser
{
    public static CasValidationResult Parse(string body)
    {
        if (CasAnswerBody.SizeProblem(body) is { } sizeProblem)
        {
            return Malformed(sizeProblem);
        }

        var lines = body.TrimStart('\uFEFF').ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        switch (lines)
        {
            case ["no"]:
                return CasValidationResult.Failed(
                    CasFailureKind.TicketRejected,
                    CasFailureCodes.InvalidTicket,
                    "The CAS server refused the ticket (CAS 1.0 answers only 'no': unknown, used, expired or not for this service).");
            case ["yes"]:
                return Malformed("The CAS server's CAS 1.0 answer says yes but names no user.");
            case ["yes", var user]:
                return CasAssertions.Success("CAS 1.0 answer", user.Trim(), new CasAttributeCollector(), null, []);
        }

        var start = CasAnswerBody.Start(body);
        if (CasAnswerBody.LooksLikeHtml(start))
        {
            return Malformed("The CAS server's answer is not a CAS 1.0 answer (it looks like an HTML page).");
        }

        if ((start.Length > 0 && start[0] == '<') || CasAnswerBody.LooksLikeJson(start))
        {
            return Malformed(
                $"The CAS server's answer is {(start[0] == '<' ? "XML" : "JSON")}, not the text a CAS 1.0 server answers (does Cas:ProtocolVersion match the server?).");
        }

        return Malformed("The CAS server's answer is not a CAS 1.0 answer: that is 'yes' and a user, or 'no', on separate lines.");
    }

    private static CasValidationResult Malformed(string reason) => CasValidationResult.Failed(CasFailures.Malformed(reason));
}
