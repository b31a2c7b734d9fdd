using CasPortal.Application.Common.Options;
using Microsoft.Extensions.Options;

namespace CasPortal.Application.UnitTests.Common;

public static class TestOptions
{
    public const string PublicBaseUrl = "https://portal.example.edu";

    public static IOptions<PortalOptions> Portal() =>
        Options.Create(new PortalOptions { PublicBaseUrl = PublicBaseUrl });

    public static IOptions<SessionOptions> Sessions() =>
        Options.Create(new SessionOptions
        {
            IdleTimeout = TimeSpan.FromMinutes(30),
            AbsoluteLifetime = TimeSpan.FromHours(8),
            LastSeenWriteInterval = TimeSpan.FromMinutes(1),
        });
}
