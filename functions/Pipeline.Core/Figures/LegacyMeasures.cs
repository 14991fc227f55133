using Pipeline.Core.Model;
using Pipeline.Core.Forms;

namespace Pipeline.Core.Figures;

/// <summary>
/// Today's stored tallies as the built-in catalog's measures (forms <c>CompoundRoster</c> and <c>AppealCounts</c>), so
/// the v3 summary is computed by the catalog from the figures already stored. The one place that knows which tally
/// field is which measure code; the catalog test holds it to the built-in catalog.
/// </summary>
public static class LegacyMeasures
{
    public const string RosterForm = "CompoundRoster";
    public const string AppealsForm = "AppealCounts";

    /// <summary>A community's measure totals by form: its tallies as the built-in forms', and the other forms' measures.</summary>
    public static IReadOnlyDictionary<string, MeasureTotals> Of(CommunityFigures community)
        => Merge(Of(community.Property, community.Appeals), community.Measures);

    private static IReadOnlyDictionary<string, MeasureTotals> Merge(IReadOnlyDictionary<string, MeasureTotals> tallies, IReadOnlyDictionary<string, MeasureTotals>? measures)
    {
        var forms = new SortedDictionary<string, MeasureTotals>(tallies.ToDictionary(), StringComparer.Ordinal);
        foreach (var (form, totals) in measures ?? new Dictionary<string, MeasureTotals>())
        {
            // A built-in form's statement wins over another form measured as it, as one statement wins in a street.
            forms.TryAdd(form, totals);
        }

        return forms;
    }

    /// <summary>A street's measure totals by form, as <see cref="Of(CommunityFigures)"/> gives a community's.</summary>
    public static IReadOnlyDictionary<string, MeasureTotals> Of(StreetAggregate street) => Merge(Of(street.Property, street.Appeals?.Tally), street.Measures);

    /// <summary>
    /// The catalog's indicators over the tallies, by code, and the score under <see cref="Indicators.Score"/>: how the
    /// v2 summary, its trend and the drill-down value the built-in forms, by the same formulas as v3.
    /// </summary>
    public static IReadOnlyDictionary<string, double?> Values(CompiledCatalog catalog, PropertyTally? property, AppealTally? appeals) =>
        Values(catalog, Of(property, appeals));

    /// <summary>The catalog's indicators over a scope's measure totals by form, and the score, as <see cref="Values(CompiledCatalog, PropertyTally?, AppealTally?)"/>.</summary>
    public static IReadOnlyDictionary<string, double?> Values(CompiledCatalog catalog, IReadOnlyDictionary<string, MeasureTotals> forms)
    {
        var values = new Dictionary<string, double?>(catalog.Values(forms), StringComparer.Ordinal);
        var score = catalog.Score(values);
        values[Indicators.Score] = score;
        if (catalog.Catalog.Score is { } scored)
        {
            values[scored.Code] = score;
        }

        return values;
    }

    public static IReadOnlyDictionary<string, MeasureTotals> Of(PropertyTally? property, AppealTally? appeals)
    {
        var forms = new SortedDictionary<string, MeasureTotals>(StringComparer.Ordinal);
        if (property is not null)
        {
            forms[RosterForm] = new MeasureTotals(
                new SortedDictionary<string, double>(StringComparer.Ordinal)
                {
                    ["compounds"] = property.Compounds,
                    ["with_property_service"] = property.WithPropertyService,
                    ["with_owner_org"] = property.WithOwnerOrganization,
                    ["with_party_org"] = property.WithPartyOrganization,
                },
                new SortedDictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal)
                {
                    ["by_service_mode"] = Counts(property.ByServiceMode),
                    ["by_compound_type"] = Counts(property.ByCompoundType),
                });
        }

        if (appeals is not null)
        {
            forms[AppealsForm] = new MeasureTotals(
                new SortedDictionary<string, double>(StringComparer.Ordinal)
                {
                    ["received"] = appeals.Received,
                    ["valid_visits"] = appeals.ValidVisits,
                    ["contacted"] = appeals.Contacted,
                    ["resolved"] = appeals.Resolved,
                    ["satisfied"] = appeals.Satisfied,
                    ["basic_satisfied"] = appeals.BasicSatisfied,
                    ["unsatisfied"] = appeals.Unsatisfied,
                },
                new Dictionary<string, IReadOnlyDictionary<string, double>>());
        }

        return forms;
    }

    /// <summary>Whether <paramref name="form"/> is one whose measures the v2 tallies hold (the page shows them in its own sections).</summary>
    public static bool Tallied(string form) => form is RosterForm or AppealsForm;

    /// <summary>The roster's measures as the v2 property tally; null when there are none.</summary>
    public static PropertyTally? Property(IReadOnlyDictionary<string, MeasureTotals> forms) =>
        forms.TryGetValue(RosterForm, out var m) ? new PropertyTally(
            (long)m["compounds"], (long)m["with_property_service"], (long)m["with_owner_org"], (long)m["with_party_org"],
            Longs(m.Breakdowns.GetValueOrDefault("by_service_mode")), Longs(m.Breakdowns.GetValueOrDefault("by_compound_type")))
        : null;

    /// <summary>The appeal measures as the v2 appeal tally; null when there are none.</summary>
    public static AppealTally? Appeals(IReadOnlyDictionary<string, MeasureTotals> forms) =>
        forms.TryGetValue(AppealsForm, out var m) ? new AppealTally(
            (long)m["received"], (long)m["valid_visits"], (long)m["contacted"], (long)m["resolved"],
            (long)m["satisfied"], (long)m["basic_satisfied"], (long)m["unsatisfied"])
        : null;

    private static SortedDictionary<string, long> Longs(IReadOnlyDictionary<string, double>? counts) =>
        new((counts ?? new Dictionary<string, double>()).ToDictionary(c => c.Key, c => (long)c.Value), StringComparer.Ordinal);

    private static SortedDictionary<string, double> Counts(IReadOnlyDictionary<string, long> counts) =>
        new(counts.ToDictionary(c => c.Key, c => (double)c.Value), StringComparer.Ordinal);
}
