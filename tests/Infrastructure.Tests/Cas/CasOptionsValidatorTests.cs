using CasPortal.Application.Common.Options;
using CasPortal.Infrastructure.Cas;
using Microsoft.Extensions.Configuration;

namespace CasPortal.Infrastructure.Tests.Cas;

public class CasOptionsValidatorTests
{
    private readonly CasOptionsValidator _validator = new();

    [Fact]
    public void Defaults_with_a_server_are_valid_and_safe()
    {
        var options = Valid();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal(
            (CasProtocol.V3, CasResponseFormat.Xml, false, false, CasLoginMethod.Get, TimeSpan.FromMinutes(2), false, false, false),
            (options.ProtocolVersion, options.ResponseFormat, options.Renew, options.Gateway, options.LoginMethod, options.SamlClockSkew,
                options.AllowInsecureProxyCallback, options.RequireProxyGrantingTicket, options.AcceptAnyProxy));
        Assert.Empty(options.AllowedProxyChains);
        Assert.Empty(options.ExtraLoginParameters);
        Assert.Null(options.ProxyCallbackUrl);
        Assert.Null(options.UsernameAttribute);
    }

    [Theory]
    [InlineData("1", CasProtocol.V1)]
    [InlineData("2", CasProtocol.V2)]
    [InlineData("3", CasProtocol.V3)]
    [InlineData("Saml11", CasProtocol.Saml11)]
    [InlineData("saml11", CasProtocol.Saml11)]
    [InlineData("11", CasProtocol.Saml11)]
    public void Protocol_versions_bind_from_configuration(string value, CasProtocol expected)
    {
        var options = Bind(new() { ["Cas:ProtocolVersion"] = value });

        Assert.Equal(expected, options.ProtocolVersion);
        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("Cas:ProtocolVersion", "3.0", "Cas:ProtocolVersion is not supported: use 1, 2, 3 or Saml11 (CAS 1.0, CAS 2.0, CAS 3.0, SAML 1.1).")]
    [InlineData("Cas:ProtocolVersion", "Saml", "Cas:ProtocolVersion is not supported: use 1, 2, 3 or Saml11 (CAS 1.0, CAS 2.0, CAS 3.0, SAML 1.1).")]
    [InlineData("Cas:ProtocolVersion", "1,2", "Cas:ProtocolVersion is not supported: use 1, 2, 3 or Saml11 (CAS 1.0, CAS 2.0, CAS 3.0, SAML 1.1).")]
    [InlineData("Cas:ProtocolVersion", "7", "Cas:ProtocolVersion '7' is not supported: use 1, 2, 3 or Saml11 (CAS 1.0, CAS 2.0, CAS 3.0, SAML 1.1).")]
    [InlineData("Cas:ResponseFormat", "yaml", "Cas:ResponseFormat is not supported: use Xml or Json.")]
    [InlineData("Cas:LoginMethod", "PUT", "Cas:LoginMethod is not supported: use Get or Post.")]
    public void Unknown_words_in_configuration_are_a_validation_message_not_a_crash(string key, string value, string message)
    {
        AssertOnly(Bind(new() { [key] = value }), message);
    }

    [Fact]
    public void Unknown_version_is_one_message_not_one_per_option_that_depends_on_it()
    {
        AssertOnly(Bind(new()
            {
                ["Cas:ProtocolVersion"] = "3.0",
                ["Cas:ResponseFormat"] = "Json",
                ["Cas:LoginMethod"] = "Post",
                ["Cas:ProxyCallbackUrl"] = "https://portal.example.edu/pgt",
            }),
            "Cas:ProtocolVersion is not supported: use 1, 2, 3 or Saml11 (CAS 1.0, CAS 2.0, CAS 3.0, SAML 1.1).");
    }

    [Theory]
    [InlineData("json", CasResponseFormat.Json)]
    [InlineData(" Xml ", CasResponseFormat.Xml)]
    public void Formats_bind_in_any_case(string value, CasResponseFormat expected)
    {
        Assert.Equal(expected, Bind(new() { ["Cas:ResponseFormat"] = value }).ResponseFormat);
    }

    [Fact]
    public void Every_option_binds_from_configuration()
    {
        var options = Bind(new()
        {
            ["Cas:ProtocolVersion"] = "3",
            ["Cas:ResponseFormat"] = "Json",
            ["Cas:Renew"] = "true",
            ["Cas:LoginMethod"] = "Post",
            ["Cas:ExtraLoginParameters:locale"] = "fr",
            ["Cas:UsernameAttribute"] = "mail",
            ["Cas:SamlClockSkew"] = "00:00:30",
            ["Cas:ProxyCallbackUrl"] = "https://portal.example.edu/pgtCallback",
            ["Cas:RequireProxyGrantingTicket"] = "true",
            ["Cas:AllowedProxyChains:0"] = "https://a.example.edu/pgt https://b.example.edu/pgt",
            ["Cas:AllowedProxyChains:1"] = @"^https://c[0-9]\.example\.edu/pgt",
        });

        Assert.True(_validator.Validate(null, options).Succeeded, string.Join("\n", _validator.Validate(null, options).Failures ?? []));
        Assert.Equal((CasResponseFormat.Json, true, CasLoginMethod.Post, "mail"), (options.ResponseFormat, options.Renew, options.LoginMethod, options.UsernameAttribute));
        Assert.Equal("fr", options.ExtraLoginParameters["locale"]);
        Assert.Equal(2, options.AllowedProxyChains.Count);
    }

    [Fact]
    public void Missing_server_url_is_named()
    {
        AssertOnly(new CasOptions(), "Cas:ServerUrl is required: set it to your CAS server's base URL, e.g. https://cas.example.edu/cas "
            + "(only the Development environment falls back to the built-in development CAS server).");
    }

    [Fact]
    public void Server_url_that_is_not_absolute_is_named()
    {
        AssertOnly(Valid(o => o.ServerUrl = "cas.example.edu"), "Cas:ServerUrl 'cas.example.edu' is not an absolute http:// or https:// URL.");
    }

    [Fact]
    public void Unknown_protocol_version_is_named()
    {
        AssertOnly(Valid(o => o.ProtocolVersion = (CasProtocol)7),
            "Cas:ProtocolVersion '7' is not supported: use 1, 2, 3 or Saml11 (CAS 1.0, CAS 2.0, CAS 3.0, SAML 1.1).");
    }

    [Fact]
    public void Unknown_response_format_is_named()
    {
        AssertOnly(Valid(o => o.ResponseFormat = (CasResponseFormat)5), "Cas:ResponseFormat '5' is not supported: use Xml or Json.");
    }

    [Theory]
    [InlineData(CasProtocol.V1, "1")]
    [InlineData(CasProtocol.V2, "2")]
    [InlineData(CasProtocol.Saml11, "Saml11")]
    public void Json_needs_cas3(CasProtocol version, string shown)
    {
        AssertOnly(Valid(o => (o.ProtocolVersion, o.ResponseFormat) = (version, CasResponseFormat.Json)),
            $"Cas:ResponseFormat 'Json' needs Cas:ProtocolVersion 3, not {shown}: only CAS 3.0 answers in JSON.");
    }

    [Fact]
    public void Renew_with_gateway_is_refused()
    {
        AssertOnly(Valid(o => (o.Renew, o.Gateway) = (true, true)),
            "Cas:Renew and Cas:Gateway cannot both be true: renew forces the login form, gateway forbids it.");
    }

    [Fact]
    public void Unknown_login_method_is_named()
    {
        AssertOnly(Valid(o => o.LoginMethod = (CasLoginMethod)9), "Cas:LoginMethod '9' is not supported: use Get or Post.");
    }

    [Theory]
    [InlineData(CasProtocol.V1, "1")]
    [InlineData(CasProtocol.V2, "2")]
    [InlineData(CasProtocol.Saml11, "Saml11")]
    public void Post_login_needs_cas3(CasProtocol version, string shown)
    {
        AssertOnly(Valid(o => (o.ProtocolVersion, o.LoginMethod) = (version, CasLoginMethod.Post)),
            $"Cas:LoginMethod 'Post' needs Cas:ProtocolVersion 3, not {shown}: method=POST is a CAS 3.0 parameter.");
    }

    [Theory]
    [InlineData("service")]
    [InlineData("renew")]
    [InlineData("gateway")]
    [InlineData("method")]
    [InlineData("ticket")]
    [InlineData("Service")]
    public void Reserved_extra_login_parameters_are_refused(string name)
    {
        AssertOnly(Valid(o => o.ExtraLoginParameters[name] = "x"),
            $"Cas:ExtraLoginParameters:{name} is reserved: the portal sets service, renew, gateway, method and ticket itself "
            + "(use Cas:Renew, Cas:Gateway and Cas:LoginMethod).");
    }

    [Fact]
    public void Extra_login_parameter_without_a_name_is_refused()
    {
        AssertOnly(Valid(o => o.ExtraLoginParameters[" "] = "x"), "Cas:ExtraLoginParameters has a parameter without a name.");
    }

    [Fact]
    public void Extra_login_parameter_without_a_value_is_refused()
    {
        AssertOnly(Valid(o => o.ExtraLoginParameters["locale"] = null!), "Cas:ExtraLoginParameters:locale has no value.");
    }

    [Theory]
    [InlineData("00:00:00.999")]
    [InlineData("00:02:01")]
    public void Validation_timeout_out_of_range_is_named(string timeout)
    {
        var value = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture);

        AssertOnly(Valid(o => o.ValidationTimeout = value), $"Cas:ValidationTimeout '{value}' must be between 00:00:01 and 00:02:00.");
    }

    [Theory]
    [InlineData(1023)]
    [InlineData(16 * 1024 * 1024 + 1)]
    public void Max_response_bytes_out_of_range_is_named(int bytes)
    {
        AssertOnly(Valid(o => o.MaxResponseBytes = bytes), $"Cas:MaxResponseBytes '{bytes}' must be between 1024 and 16777216.");
    }

    [Theory]
    [InlineData(" mail")]
    [InlineData("   ")]
    public void Username_attribute_with_spaces_is_refused(string name)
    {
        AssertOnly(Valid(o => o.UsernameAttribute = name),
            $"Cas:UsernameAttribute '{name}' must be an attribute name without surrounding spaces, or be left unset.");
    }

    [Fact]
    public void Username_attribute_is_refused_with_cas1_which_sends_no_attributes()
    {
        AssertOnly(Valid(o => (o.ProtocolVersion, o.UsernameAttribute) = (CasProtocol.V1, "mail")),
            "Cas:UsernameAttribute 'mail' cannot be used with Cas:ProtocolVersion 1: CAS 1.0 sends no attributes.");
    }

    [Fact]
    public void Empty_username_attribute_means_unset()
    {
        Assert.True(_validator.Validate(null, Valid(o => o.UsernameAttribute = string.Empty)).Succeeded);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:10:01")]
    public void Saml_clock_skew_out_of_range_is_named(string skew)
    {
        var value = TimeSpan.Parse(skew, System.Globalization.CultureInfo.InvariantCulture);

        AssertOnly(Valid(o => o.SamlClockSkew = value), $"Cas:SamlClockSkew '{value}' must be between 00:00:00 and 00:10:00.");
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:10:00")]
    public void Saml_clock_skew_at_the_bounds_is_valid(string skew)
    {
        Assert.True(_validator.Validate(null, Valid(o => o.SamlClockSkew = TimeSpan.Parse(skew, System.Globalization.CultureInfo.InvariantCulture))).Succeeded);
    }

    [Theory]
    [InlineData("/pgtCallback", "is not an absolute https:// URL.")]
    [InlineData("ftp://portal.example.edu/pgt", "is not an absolute https:// URL.")]
    [InlineData("https://portal.example.edu/pgt#x", "must not have a fragment or credentials.")]
    [InlineData("https://user:pw@portal.example.edu/pgt", "must not have a fragment or credentials.")]
    [InlineData("http://portal.example.edu/pgt",
        "must use https:// (CAS sends the proxy-granting ticket to it); Cas:AllowInsecureProxyCallback allows http:// for development only.")]
    public void Proxy_callback_that_is_not_absolute_https_is_named(string url, string problem)
    {
        AssertOnly(Valid(o => o.ProxyCallbackUrl = url), $"Cas:ProxyCallbackUrl '{url}' {problem}");
    }

    [Fact]
    public void Insecure_proxy_callback_is_allowed_only_by_the_development_switch()
    {
        Assert.True(_validator.Validate(null, Valid(o => (o.ProxyCallbackUrl, o.AllowInsecureProxyCallback) = ("http://localhost:5000/pgt", true))).Succeeded);
    }

    [Theory]
    [InlineData(CasProtocol.V1, "1")]
    [InlineData(CasProtocol.Saml11, "Saml11")]
    public void Proxy_callback_needs_cas2_or_cas3(CasProtocol version, string shown)
    {
        AssertOnly(Valid(o => (o.ProtocolVersion, o.ProxyCallbackUrl) = (version, "https://portal.example.edu/pgt")),
            $"Cas:ProxyCallbackUrl needs Cas:ProtocolVersion 2 or 3, not {shown}: only CAS 2.0 and 3.0 proxy.");
    }

    [Fact]
    public void Required_proxy_granting_ticket_needs_a_callback()
    {
        AssertOnly(Valid(o => o.RequireProxyGrantingTicket = true),
            "Cas:RequireProxyGrantingTicket needs Cas:ProxyCallbackUrl: without a callback CAS issues no proxy-granting ticket.");
    }

    [Theory]
    [InlineData(CasProtocol.V1, "1", false)]
    [InlineData(CasProtocol.Saml11, "Saml11", true)]
    public void Accepting_proxies_needs_cas2_or_cas3(CasProtocol version, string shown, bool acceptAny)
    {
        AssertOnly(Valid(o =>
            {
                o.ProtocolVersion = version;
                o.AcceptAnyProxy = acceptAny;
                if (!acceptAny)
                {
                    o.AllowedProxyChains.Add("https://a.example.edu/pgt");
                }
            }),
            $"Cas:AllowedProxyChains and Cas:AcceptAnyProxy need Cas:ProtocolVersion 2 or 3, not {shown}: only CAS 2.0 and 3.0 validate proxy tickets.");
    }

    [Fact]
    public void Accept_any_proxy_with_a_chain_list_is_ambiguous()
    {
        AssertOnly(Valid(o => { o.AcceptAnyProxy = true; o.AllowedProxyChains.Add("https://a.example.edu/pgt"); }),
            "Cas:AcceptAnyProxy is true and Cas:AllowedProxyChains lists chains: choose one (accepting any proxy makes the list meaningless).");
    }

    [Fact]
    public void Empty_proxy_chain_entry_is_named_by_index()
    {
        AssertOnly(Valid(o => o.AllowedProxyChains.AddRange(["https://a.example.edu/pgt", "  "])),
            "Cas:AllowedProxyChains:1 is empty: list the proxy URLs of one chain, most recent first, separated by spaces.");
    }

    [Fact]
    public void Proxy_chain_element_that_is_neither_a_url_nor_a_pattern_is_named()
    {
        AssertOnly(Valid(o => o.AllowedProxyChains.Add("https://a.example.edu/pgt portal.example.edu")),
            "Cas:AllowedProxyChains:0 element 'portal.example.edu' is neither an absolute https:// URL nor a regular expression starting with '^'.");
    }

    [Fact]
    public void Proxy_chain_pattern_that_does_not_compile_is_named()
    {
        var errors = Errors(Valid(o => o.AllowedProxyChains.Add("^https://a[.example.edu/pgt")));

        var error = Assert.Single(errors);
        Assert.StartsWith("Cas:AllowedProxyChains:0 element '^https://a[.example.edu/pgt' is not a valid regular expression: ", error);
    }

    [Fact]
    public void Every_bad_value_gets_its_own_message()
    {
        var errors = Errors(new CasOptions
        {
            ServerUrl = "cas",
            ProtocolVersion = CasProtocol.V2,
            ResponseFormat = CasResponseFormat.Json,
            Renew = true,
            Gateway = true,
            SamlClockSkew = TimeSpan.FromHours(1),
            ExtraLoginParameters = new() { ["ticket"] = "x" },
        });

        Assert.Equal(5, errors.Count);
    }

    private static CasOptions Valid(Action<CasOptions>? change = null)
    {
        var options = new CasOptions { ServerUrl = "https://cas.example.edu/cas" };
        change?.Invoke(options);
        return options;
    }

    private static CasOptions Bind(Dictionary<string, string?> values)
    {
        values["Cas:ServerUrl"] = "https://cas.example.edu/cas";
        var options = new CasOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(CasOptions.SectionName).Bind(options);
        return options;
    }

    private List<string> Errors(CasOptions options) => [.. _validator.Validate(null, options).Failures ?? []];

    private void AssertOnly(CasOptions options, string message) => Assert.Equal([message], Errors(options));
}
