using CasPortal.Domain.Sessions;

namespace CasPortal.Application.UnitTests.Sessions;

public sealed class SessionReferenceTests
{
    [Fact]
    public void A_reference_is_twelve_letters_and_digits_so_urls_forms_and_csv_exports_carry_it_unchanged()
    {
        var references = Enumerable.Range(0, 2000).Select(_ => PortalSession.NewReference()).ToList();

        Assert.All(references, reference => Assert.Matches("^[A-Za-z0-9]{12}$", reference));
        Assert.Equal(references.Count, references.Distinct().Count());
    }
}
