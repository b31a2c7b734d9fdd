namespace CasPortal.Application.Common.Validation;

/// <summary>
/// Rules several use cases apply to the same kind of value, with the words a page shows beside the field. The limits
/// are the database's (<see cref="Limits"/>), so nothing a rule lets through fails at save.
/// </summary>
public static class PortalRules
{
    private const string NotASessionReference = "That is not a session reference.";
    private const string UsernameTooLong = "That username is too long.";

    /// <summary>The session a user or administrator chose on a page; <paramref name="whenMissing"/> asks for one.</summary>
    public static IRuleBuilderOptions<T, string> ChosenSessionReference<T>(this IRuleBuilder<T, string> rule, string whenMissing) =>
        rule.NotEmpty().WithMessage(whenMissing)
            .MaximumLength(Limits.SessionReferenceLength).WithMessage(NotASessionReference);

    /// <summary>The user an administrator named on a page; <paramref name="whenMissing"/> asks for one.</summary>
    public static IRuleBuilderOptions<T, string> NamedUser<T>(this IRuleBuilder<T, string> rule, string whenMissing) =>
        rule.NotEmpty().WithMessage(whenMissing)
            .MaximumLength(Limits.UsernameLength).WithMessage(UsernameTooLong);

    /// <summary>An optional session reference: when given, no longer than a reference can be.</summary>
    public static IRuleBuilderOptions<T, string?> SessionReferenceLength<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(Limits.SessionReferenceLength).WithMessage(NotASessionReference);

    /// <summary>An optional username: when given, no longer than a username can be.</summary>
    public static IRuleBuilderOptions<T, string?> UsernameLength<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(Limits.UsernameLength).WithMessage(UsernameTooLong);
}
