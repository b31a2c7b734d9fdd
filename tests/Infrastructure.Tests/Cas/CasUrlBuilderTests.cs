using CasPortal.Infrastructure.Cas;

namespace CasPortal.Infrastructure.Tests.Cas;

public class CasUrlBuilderTests
{
    [Theory]
    [InlineData("https://cas.example.edu/cas")]
    [InlineData("https://cas.example.edu/cas/")]
    [InlineData("https://cas.example.edu/cas//")]
    public void Login_joins_the_server_path_and_endpoint_with_exactly_one_slash(string serverUrl)
    {
        var url = CasUrlBuilder.Login(serverUrl, "https://portal.example.edu/login");

        Assert.Equal("https://cas.example.edu/cas/login?service=https%3A%2F%2Fportal.example.edu%2Flogin", url);
    }

    [Theory]
    [InlineData("https://cas.example.edu")]
    [InlineData("https://cas.example.edu/")]
    public void Login_works_for_a_server_at_the_host_root(string serverUrl)
    {
        var url = CasUrlBuilder.Login(serverUrl, "https://portal.example.edu/login");

        Assert.Equal("https://cas.example.edu/login?service=https%3A%2F%2Fportal.example.edu%2Flogin", url);
    }

    [Fact]
    public void Service_with_its_own_query_is_encoded_whole_including_its_percent_signs()
    {
        var url = CasUrlBuilder.Login("https://cas.example.edu/cas", "http://localhost:5000/login?next=%2Fx");

        Assert.Equal("https://cas.example.edu/cas/login?service=http%3A%2F%2Flocalhost%3A5000%2Flogin%3Fnext%3D%252Fx", url);
    }

    [Fact]
    public void ServiceValidate_uses_the_cas3_endpoint_with_service_then_ticket()
    {
        var url = CasUrlBuilder.ServiceValidate(
            "https://cas.example.edu/cas/", "https://portal.example.edu/login?next=%2Fadmin", "ST-1856339-aA5Yuvrxzpv8Tau1cYQ7-cas.example.edu");

        Assert.Equal(
            "https://cas.example.edu/cas/p3/serviceValidate"
            + "?service=https%3A%2F%2Fportal.example.edu%2Flogin%3Fnext%3D%252Fadmin"
            + "&ticket=ST-1856339-aA5Yuvrxzpv8Tau1cYQ7-cas.example.edu",
            url);
    }

    [Fact]
    public void A_ticket_cannot_add_parameters_of_its_own()
    {
        var url = CasUrlBuilder.ServiceValidate("https://cas.example.edu/cas", "https://portal.example.edu/login", "ST-1&service=https://evil.example/#x");

        Assert.Equal(
            "https://cas.example.edu/cas/p3/serviceValidate?service=https%3A%2F%2Fportal.example.edu%2Flogin"
            + "&ticket=ST-1%26service%3Dhttps%3A%2F%2Fevil.example%2F%23x",
            url);
    }

    [Fact]
    public void Logout_sends_the_service_parameter()
    {
        var url = CasUrlBuilder.Logout("https://cas.example.edu/cas", "https://portal.example.edu/logout-callback");

        Assert.Equal("https://cas.example.edu/cas/logout?service=https%3A%2F%2Fportal.example.edu%2Flogout-callback", url);
    }

    [Fact]
    public void Spaces_and_non_ascii_are_percent_encoded_as_rfc3986_not_as_form_data()
    {
        var url = CasUrlBuilder.Login("https://cas.example.edu/cas", "https://portal.example.edu/login?next=/a b+é");

        Assert.Equal("https://cas.example.edu/cas/login?service=https%3A%2F%2Fportal.example.edu%2Flogin%3Fnext%3D%2Fa%20b%2B%C3%A9", url);
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
}
