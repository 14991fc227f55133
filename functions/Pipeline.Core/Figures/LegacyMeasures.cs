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
    {
        var forms = new SortedDictionary<string, MeasureTotals>(Of(community.Property, community.Appeals).ToDictionary(), StringComparer.Ordinal);
        foreach (var (form, totals) in community.Measures ?? new Dictionary<string, MeasureTotals>())
        {
            // A built-in form's statement wins over another form measured as it, as one statement wins in a street.
            forms.TryAdd(form, totals);
        }

        return forms;
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

    private static SortedDictionary<string, double> Counts(IReadOnlyDictionary<string, long> counts) =>
        new(counts.ToDictionary(c => c.Key, c => (double)c.Value), StringComparer.Ordinal);
}
