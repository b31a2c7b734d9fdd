namespace CasPortal.Application.Proxy.GetProxyTicket;

public sealed class GetProxyTicketValidator : AbstractValidator<GetProxyTicketCommand>
{
    public GetProxyTicketValidator()
    {
        RuleFor(c => c.SessionId).NotEmpty().MaximumLength(Limits.SessionIdLength);
        RuleFor(c => c.Username).NotEmpty().MaximumLength(Limits.UsernameLength);
        RuleFor(c => c.TargetService)
            .Must(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            .WithMessage("The target service must be an absolute http(s) URL.")
            .MaximumLength(Limits.ServiceUrlLength);
    }
}
