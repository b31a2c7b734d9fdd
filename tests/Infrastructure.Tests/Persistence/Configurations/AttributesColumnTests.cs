using System.Text.Json;
using CasPortal.Infrastructure.Persistence.Configurations;

namespace CasPortal.Infrastructure.Tests.Persistence.Configurations;

/// <summary>The stored form of a session's CAS attributes: read back as written, and anything else refused.</summary>
public sealed class AttributesColumnTests
{
    public static TheoryData<Dictionary<string, List<string>>> Attributes => new()
    {
        new Dictionary<string, List<string>>(),
        new Dictionary<string, List<string>> { ["mail"] = ["alice@example.edu"] },
        new Dictionary<string, List<string>>
        {
            ["memberOf"] = ["cn=b", "cn=a", "cn=b"],
            ["displayName"] = ["Zoë \"Z\" O'Brien <zob> & co\\ \u2028 \t end", "日本語 😀"],
            ["empty"] = [],
            ["é\"key\\"] = [""],
        },
        new Dictionary<string, List<string>> { ["many"] = Enumerable.Range(0, 500).Select(i => $"value {i}").ToList() },
    };

    [Theory]
    [MemberData(nameof(Attributes))]
    public void Attributes_read_back_as_written_every_name_and_every_value_in_order(Dictionary<string, List<string>> attributes)
    {
        var read = AttributesColumn.Read(AttributesColumn.Write(attributes));

        Assert.Equal(attributes.Keys, read.Keys);
        Assert.All(attributes, a => Assert.Equal(a.Value, read[a.Key]));
    }

    [Fact]
    public void A_stored_null_reads_as_no_attributes() => Assert.Empty(AttributesColumn.Read("null"));

    [Fact]
    public void Spacing_in_the_stored_form_does_not_matter() =>
        Assert.Equal(["x", "y"], AttributesColumn.Read(" {\n \"a\" : [ \"x\" ,\"y\" ] } ")["a"]);

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("{\"a\":\"x\"}")]
    [InlineData("{\"a\":[1]}")]
    [InlineData("{\"a\":[\"x\",null]}")]
    [InlineData("{\"a\":[[\"x\"]]}")]
    [InlineData("{\"a\":[\"x\"]} {}")]
    [InlineData("{\"a\":[\"x\"]")]
    public void Anything_else_in_the_column_is_refused(string stored) =>
        Assert.ThrowsAny<JsonException>(() => AttributesColumn.Read(stored));
}
