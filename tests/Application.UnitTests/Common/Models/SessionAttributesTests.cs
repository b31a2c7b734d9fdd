using CasPortal.Application.Common.Models;

namespace CasPortal.Application.UnitTests.Common.Models;

public class SessionAttributesTests
{
    [Fact]
    public void The_stored_form_is_read_at_the_first_look_only_and_then_once()
    {
        var reads = 0;
        var attributes = SessionAttributes.ReadWhenUsed(() =>
        {
            reads++;
            return new Dictionary<string, List<string>> { ["memberOf"] = ["b", "a"], ["mail"] = ["bob@example.edu"] };
        });

        Assert.Equal(0, reads);
        Assert.Equal(["b", "a"], attributes["memberOf"]);
        Assert.Equal(["memberOf", "mail"], attributes.Select(a => a.Key));
        Assert.True(attributes.TryGetValue("mail", out var mail));
        Assert.Equal(["bob@example.edu"], mail);
        Assert.False(attributes.ContainsKey("displayName"));
        Assert.Equal(1, reads);
    }
}
