namespace CasPortal.Infrastructure.Cas;

/// <summary>The first look every parser takes at an answer's body: its size cap and what kind of document it starts as.</summary>
internal static class CasAnswerBody
{
    /// <summary>Bounds a parser called on its own; behind the gateway, Cas:MaxResponseBytes normally bites first.</summary>
    public const int MaxCharacters = 1024 * 1024;

    /// <summary>Why a body cannot be a CAS answer at all (empty, oversized), or null.</summary>
    public static string? SizeProblem(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "The CAS server's answer is empty.";
        }

        return body.Length > MaxCharacters
            ? $"The CAS server's answer is larger than {MaxCharacters} characters."
            : null;
    }

    /// <summary>The body from its first meaningful character: leading whitespace and byte order marks skipped.</summary>
    public static ReadOnlySpan<char> Start(string body) => body.AsSpan().TrimStart().TrimStart('\uFEFF').TrimStart();

    public static bool LooksLikeHtml(ReadOnlySpan<char> start) =>
        start.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase)
        || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);

    public static bool LooksLikeJson(ReadOnlySpan<char> start) => start.Length > 0 && start[0] is '{' or '[';
}
