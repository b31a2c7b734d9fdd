using CasPortal.Application.Common.Options;
using CasPortal.Infrastructure.Cas;

namespace CasPortal.Infrastructure.Tests.Cas;

public class CasUrlBuilderTests
{
    private const string Service = "https://portal.example.edu/login";
    private const string EncodedService = "https%3A%2F%2Fportal.example.edu%2Flogin";

    [Theory]
    [InlineData("https://cas.example.edu/cas")]
    [InlineData("https://cas.example.edu/cas/")]
    [InlineData("https://cas.example.edu/cas//")]
    public void Login_joins_the_server_path_and_endpoint_with_exactly_one_slash(string serverUrl)
    {
        var url = CasUrlBuilder.Login(Options(serverUrl), Service, gatewayAttempt: false);

        Assert.Equal($"https://cas.example.edu/cas/login?service={EncodedService}", url);
    }

    [Theory]
    [InlineData("https://cas.example.edu")]
    [InlineData("https://cas.example.edu/")]
    public void Login_works_for_a_server_at_the_host_root(string serverUrl)
    {
        var url = CasUrlBuilder.Login(Options(serverUrl), Service, gatewayAttempt: false);

        Assert.Equal($"https://cas.example.edu/login?service={EncodedService}", url);
    }

    [Fact]
    public void Service_with_its_own_query_is_encoded_whole_including_its_percent_signs()
    {
        var url = CasUrlBuilder.Login(Options(), "http://localhost:5000/login?next=%2Fx", gatewayAttempt: false);

        Assert.Equal("https://cas.example.edu/cas/login?service=http%3A%2F%2Flocalhost%3A5000%2Flogin%3Fnext%3D%252Fx", url);
    }

    [Fact]
    public void Validation_uses_the_cas3_endpoint_with_service_then_ticket()
    {
        var url = CasUrlBuilder.Validation(
            Options("https://cas.example.edu/cas/"), "https://portal.example.edu/login?next=%2Fadmin", "ST-1856339-aA5Yuvrxzpv8Tau1cYQ7-cas.example.edu");

        Assert.Equal(
            "https://cas.example.edu/cas/p3/serviceValidate"
            + "?service=https%3A%2F%2Fportal.example.edu%2Flogin%3Fnext%3D%252Fadmin"
            + "&ticket=ST-1856339-aA5Yuvrxzpv8Tau1cYQ7-cas.example.edu",
            url);
    }

    [Fact]
    public void A_ticket_cannot_add_parameters_of_its_own()
    {
        var url = CasUrlBuilder.Validation(Options(), Service, "ST-1&service=https://evil.example/#x");

        Assert.Equal(
            $"https://cas.example.edu/cas/p3/serviceValidate?service={EncodedService}"
            + "&ticket=ST-1%26service%3Dhttps%3A%2F%2Fevil.example%2F%23x",
            url);
    }

    [Theory]
    [InlineData(CasProtocol.V1, "ST-1", "validate")]
    [InlineData(CasProtocol.V1, "PT-1", "validate")]
    [InlineData(CasProtocol.V2, "ST-1", "serviceValidate")]
    [InlineData(CasProtocol.V2, "PT-1", "proxyValidate")]
    [InlineData(CasProtocol.V3, "ST-1", "p3/serviceValidate")]
    [InlineData(CasProtocol.V3, "PT-1", "p3/proxyValidate")]
    [InlineData(CasProtocol.V3, "pt-1", "p3/serviceValidate")]
    public void Validation_endpoint_follows_the_version_and_the_ticket_kind(CasProtocol version, string ticket, string endpoint)
    {
        Assert.Equal(endpoint, CasUrlBuilder.ValidationEndpoint(Options(version: version), ticket));
    }

    [Fact]
    public void Accepting_proxies_at_all_sends_even_service_tickets_to_proxyValidate()
    {
        var chains = Options(version: CasProtocol.V2);
        chains.AllowedProxyChains.Add("https://a.example.edu/pgt");
        var any = Options(version: CasProtocol.V3);
        any.AcceptAnyProxy = true;

        Assert.Equal("proxyValidate", CasUrlBuilder.ValidationEndpoint(chains, "ST-1"));
        Assert.Equal("p3/proxyValidate", CasUrlBuilder.ValidationEndpoint(any, "ST-1"));
    }

    [Fact]
    public void Saml_has_no_get_validation_url()
    {
        Assert.Throws<InvalidOperationException>(() => CasUrlBuilder.Validation(Options(version: CasProtocol.Saml11), Service, "ST-1"));
    }

    [Theory]
    [InlineData(CasProtocol.V1, "url")]
    [InlineData(CasProtocol.V2, "url")]
    [InlineData(CasProtocol.V3, "service")]
    [InlineData(CasProtocol.Saml11, "service")]
    public void Logout_names_the_return_address_as_the_version_expects(CasProtocol version, string parameter)
    {
        var url = CasUrlBuilder.Logout(Options(version: version), "https://portal.example.edu/logout-callback");

        Assert.Equal($"https://cas.example.edu/cas/logout?{parameter}=https%3A%2F%2Fportal.example.edu%2Flogout-callback", url);
    }

    [Fact]
    public void Spaces_and_non_ascii_are_percent_encoded_as_rfc3986_not_as_form_data()
    {
        var url = CasUrlBuilder.Login(Options(), "https://portal.example.edu/login?next=/a b+é", gatewayAttempt: false);

        Assert.Equal("https://cas.example.edu/cas/login?service=https%3A%2F%2Fportal.example.edu%2Flogin%3Fnext%3D%2Fa%20b%2B%C3%A9", url);
    }

    [Fact]
    public void Extra_login_parameters_come_last_sorted_by_name_and_never_replace_reserved_ones()
    {
        var options = Options();
        options.ExtraLoginParameters["locale"] = "fr";
        options.ExtraLoginParameters["a b"] = "1&2";
        options.ExtraLoginParameters["Service"] = "https://evil.example/";

        var url = CasUrlBuilder.Login(options, Service, gatewayAttempt: false);

        Assert.Equal($"https://cas.example.edu/cas/login?service={EncodedService}&a%20b=1%262&locale=fr", url);
    }

    [Fact]
    public void Build_keeps_parameter_order_and_encodes_names_too()
    {
        var url = CasUrlBuilder.Build("https://cas.example.edu/cas", "login",
            [new("service", "https://p/"), new("renew", "true"), new("x y", "1&2")]);

        Assert.Equal("https://cas.example.edu/cas/login?service=https%3A%2F%2Fp%2F&renew=true&x%20y=1%262", url);
    }

    [Fact]
    public void Build_without_parameters_has_no_question_mark()
    {
        Assert.Equal("https://cas.example.edu/cas/logout", CasUrlBuilder.Build("https://cas.example.edu/cas/", "logout", []));
    }

    [Fact]
    public void Missing_server_url_is_a_configuration_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CasUrlBuilder.Login(new CasOptions(), Service, gatewayAttempt: false));

        Assert.Equal("Cas:ServerUrl is not configured.", error.Message);
    }

    private static CasOptions Options(string serverUrl = "https://cas.example.edu/cas", CasProtocol version = CasProtocol.V3) =>
        new() { ServerUrl = serverUrl, ProtocolVersion = version };
}
