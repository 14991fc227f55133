using Pipeline.Core.Ingest;
using Pipeline.Core.Forms;

namespace Pipeline.Core.Tests.Forms;

/// <summary>Which catalog version a period is read with, and which new versions may be published.</summary>
public sealed class CatalogVersionsTests
{
    private static readonly FormCatalog Builtin = FormCatalogs.Builtin;
    private static readonly DateTimeOffset At = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static PublishedCatalog Version(string version, string from, int day, string hash = "h") =>
        new(Builtin with { Version = version, EffectiveFrom = from }, $"110115/forms/{version}.json", At.AddDays(day), $"{hash}{version}");

    [Fact]
    public void A_period_is_read_with_the_latest_version_from_before_it_and_the_last_uploaded_of_one_period()
    {
        var versions = new CatalogVersions(Builtin, [Version("2021.2", "2021-01", 5), Version("2021.1", "2021-01", 1), Version("2021.6", "2021-06", 2)]);

        Assert.Equal("1", versions.For("2020-12").Version);
        Assert.Equal("2021.2", versions.For("2021-01").Version);
        Assert.Equal("2021.2", versions.For("2021-05").Version);
        Assert.Equal("2021.6", versions.For("2022-01").Version);
        Assert.Equal("2021.1", versions.Named("2021.1")!.Version);
        Assert.Equal("1", versions.Named("1")!.Version);
        Assert.Null(versions.Named("9"));
    }

    [Fact]
    public void A_version_number_names_one_catalog_for_good()
    {
        var versions = new CatalogVersions(Builtin, [Version("2021.1", "2021-01", 1)]);

        Assert.Null(versions.Refusal(Version("2021.1", "2021-01", 3)));
        Assert.Contains("published before by 110115/forms/2021.1.json", versions.Refusal(Version("2021.1", "2021-02", 3, hash: "other")), StringComparison.Ordinal);
        Assert.Contains("built-in catalog's", versions.Refusal(Version("1", "2021-02", 3)), StringComparison.Ordinal);
        Assert.Null(versions.Refusal(Version("2021.2", "2021-02", 3)));
    }

    [Theory]
    [InlineData("110115/forms/forms-2021.json", true)]
    [InlineData("110115/forms/FORMS.JSON", true)]
    [InlineData("110115/forms/.json", false)]
    [InlineData("110115003000/forms/forms.json", false)]
    [InlineData("110115/forms/sub/forms.json", false)]
    [InlineData("110115/2021-01/forms.json", false)]
    [InlineData("forms/forms.json", false)]
    public void Catalogs_are_published_only_to_the_district_offices_forms_folder(string path, bool catalog) =>
        Assert.Equal(catalog, ReferenceUpload.Of(path, "110115") == ReferenceUpload.Forms);
}
