using System.Text.RegularExpressions;
using Pipeline.Core.Model;

namespace Pipeline.Core.Divisions;

/// <summary>
/// The checks of a registry with validity and links, each problem naming the unit and the field: months that are
/// months; a code inside its district or its street, and a community in force only while its street is; no two
/// entries of one code in force at once; successors only of a unit that ends, and in force the month after it ends;
/// names unique among the units in force in every period; groups of communities of its streets, each listed once;
/// service modes named, each once. The one home of a registry's rules: every registry the app uses passed them.
/// </summary>
internal static partial class RegistryChecks
{
    // A city's divisions over decades fit well within these; a file past them is refused before checks whose cost
    // grows with them run (names are compared in every period a change starts, entries of one code with each other).
    public const int MaxUnits = 20_000;
    public const int MaxPeriods = 600;
    public const int MaxEntriesOfOneCode = 100;
    public const int MaxSuccessors = 100;

    public static void Check(
        string districtCode, IReadOnlyList<DivisionUnit> streets, IReadOnlyList<DivisionUnit> communities, IReadOnlyList<CommunityGroup> groups,
        IReadOnlyList<string> serviceModes, Action<string, string, string> add)
    {
        Groups(groups, add);
        ServiceModes(serviceModes, add);
        if (!DistrictCodePattern().IsMatch(districtCode))
        {
            add("(district)", "code", $"'{districtCode}' is not a 6-digit division code");
            return;
        }

        var all = streets.Concat(communities).ToList();
        if (streets.Count == 0)
        {
            add("(file)", "streets", "lists no streets: a registry lists the district's streets and towns");
        }

        if (all.Count > MaxUnits)
        {
            add("(file)", "streets", $"lists {all.Count:N0} streets and communities; a registry lists at most {MaxUnits:N0}");
            return;
        }

        foreach (var unit in all)
        {
            if (string.IsNullOrWhiteSpace(unit.Name) || unit.Aliases.Any(string.IsNullOrWhiteSpace))
            {
                add(unit.Code, "name", "is blank: every street and community has a name, and every alias is one");
            }

            Months(unit, add);
            if (unit.Successors.Count > MaxSuccessors)
            {
                add(unit.Code, "successors", $"lists {unit.Successors.Count} successors; a unit has at most {MaxSuccessors}");
            }
        }

        foreach (var street in streets.Where(s => !TwelveDigitCode().IsMatch(s.Code) || !s.Code.StartsWith(districtCode, StringComparison.Ordinal)))
        {
            add(street.Code, "code", $"is not a 12-digit code inside {districtCode}");
        }

        foreach (var community in communities)
        {
            var prefix = community.Street!.Length >= 9 ? community.Street[..9] : community.Street;
            if (!TwelveDigitCode().IsMatch(community.Code) || !community.Code.StartsWith(prefix, StringComparison.Ordinal) || community.Code == community.Street)
            {
                add(community.Code, "code", $"is not a 12-digit community code inside its street {community.Street} ({prefix}…)");
            }
        }

        if (all.Any(u => !Dated(u)) || all.Any(u => u.Successors.Count > MaxSuccessors))
        {
            // The rest compares months: with one that is not a month, the problem above is the one to fix first.
            return;
        }

        if (Boundaries(all).Count > MaxPeriods)
        {
            add("(file)", "from", $"changes in {Boundaries(all).Count:N0} periods; a registry changes in at most {MaxPeriods}");
            return;
        }

        foreach (var crowded in all.GroupBy(u => (u.IsStreet, u.Code)).Where(g => g.Count() > MaxEntriesOfOneCode))
        {
            add(crowded.Key.Code, "code", $"has {crowded.Count()} entries; a code has at most {MaxEntriesOfOneCode}");
            return;
        }

        var streetsByCode = streets.ToLookup(s => s.Code, StringComparer.Ordinal);
        foreach (var community in communities)
        {
            var parents = streetsByCode[community.Street!].ToList();
            foreach (var period in new[] { community.From ?? DivisionHistory.BeginningPeriod, community.Until }.OfType<string>())
            {
                if (!parents.Any(p => p.InForce(period)))
                {
                    add(community.Code, community.Until == period && community.From != period ? "until" : "from",
                        $"{community.Name} is in force in {Shown(period)}, when its street {community.Street} is not ({string.Join(", ", parents.Select(p => p.Validity))})");
                }
            }
        }

        foreach (var level in new[] { streets, communities })
        {
            foreach (var same in level.GroupBy(u => u.Code, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                var entries = same.ToList();
                for (var i = 0; i < entries.Count; i++)
                {
                    for (var j = i + 1; j < entries.Count; j++)
                    {
                        if (Overlap(entries[i], entries[j]))
                        {
                            add(same.Key, "from", $"its entries {entries[i].Name} ({entries[i].Validity}) and {entries[j].Name} ({entries[j].Validity}) overlap: a code is one unit at a time");
                        }
                    }
                }
            }

            Links(level, level == streets ? "street" : "community", add);
        }

        Names(streets, communities, add);
        // A member is a community code inside a street of the registry; the registry need not list the community itself.
        var townships = streets.Where(s => TwelveDigitCode().IsMatch(s.Code)).Select(s => s.Code[..9]).ToHashSet(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var member in group.Communities.Where(m => !TwelveDigitCode().IsMatch(m) || !townships.Contains(m[..9])))
            {
                add(group.Code, $"communities ({member})", $"is not a 12-digit community code in a street of the registry, in group {group.Name}");
            }
        }
    }

    /// <summary>Every period the divisions may change in: the beginning, each first period, and the month after each last.</summary>
    public static IReadOnlyList<string> Boundaries(IEnumerable<DivisionUnit> units) =>
    [
        .. units.SelectMany(u => new[] { u.From, u.Until is { } until ? Periods.Add(until, 1) : null }).OfType<string>()
            .Append(DivisionHistory.BeginningPeriod).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal),
    ];

    private static void Months(DivisionUnit unit, Action<string, string, string> add)
    {
        foreach (var (field, month) in new[] { ("from", unit.From), ("until", unit.Until) })
        {
            if (month is not null && !IsMonth(month))
            {
                add(unit.Code, field, $"'{month}' is not a month: write YYYY-MM (1900 to 2999)");
            }
        }

        if (Dated(unit) && unit.From is { } from && unit.Until is { } last && string.CompareOrdinal(last, from) < 0)
        {
            add(unit.Code, "until", $"{last} is before its from, {from}");
        }
    }

    private static bool IsMonth(string month) => Periods.IsValid(month) && string.CompareOrdinal(month, "1900-01") >= 0 && string.CompareOrdinal(month, "2999-12") <= 0;

    private static bool Dated(DivisionUnit unit) => (unit.From is null || IsMonth(unit.From)) && (unit.Until is null || IsMonth(unit.Until));

    // A unit without a first period is in force from the beginning; without a last one, for good.
    private static bool Overlap(DivisionUnit a, DivisionUnit b) =>
        string.CompareOrdinal(Later(a.From ?? DivisionHistory.BeginningPeriod, b.From ?? DivisionHistory.BeginningPeriod),
            Earlier(a.Until ?? Forever, b.Until ?? Forever)) <= 0;

    private const string Forever = "9999-12";

    private static string Later(string x, string y) => string.CompareOrdinal(x, y) >= 0 ? x : y;

    private static string Earlier(string x, string y) => string.CompareOrdinal(x, y) <= 0 ? x : y;

    /// <summary>A unit that ends names what it became; each successor is of its level and in force the month after it ends.</summary>
    private static void Links(IReadOnlyList<DivisionUnit> level, string noun, Action<string, string, string> add)
    {
        var byCode = level.ToLookup(u => u.Code, StringComparer.Ordinal);
        foreach (var unit in level.Where(u => u.Successors.Count > 0))
        {
            if (unit.Until is null)
            {
                add(unit.Code, "successors", $"{unit.Name} lists successors but has no until: a unit is succeeded when it ends");
                continue;
            }

            var next = Periods.Add(unit.Until, 1);
            foreach (var code in unit.Successors)
            {
                var candidates = byCode[code].ToList();
                if (code == unit.Code)
                {
                    add(unit.Code, $"successors ({code})", "names the unit itself: a renamed unit is a second entry of its code");
                }
                else if (candidates.Count == 0)
                {
                    add(unit.Code, $"successors ({code})", $"names no {noun} of the registry");
                }
                else if (!candidates.Any(c => c.InForce(next)))
                {
                    add(unit.Code, $"successors ({code})",
                        $"{unit.Name} ends {unit.Until}, but {candidates[0].Name} ({code}) is not in force in {next} ({string.Join(", ", candidates.Select(c => c.Validity))}): the two never meet in time");
                }
            }
        }
    }

    /// <summary>In every period a change starts, a name (or alias) names one street, and one community within its street.</summary>
    private static void Names(IReadOnlyList<DivisionUnit> streets, IReadOnlyList<DivisionUnit> communities, Action<string, string, string> add)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        // Each unit's names compared as clerks' spellings are, worked out once, not in every period.
        static List<(DivisionUnit Unit, List<(string Key, string Name)> Names)> Named(IEnumerable<DivisionUnit> units) =>
            [.. units.Select(u => (u, u.Aliases.Prepend(u.Name).Select(n => (TextValues.NameKey(n), n)).ToList()))];
        var namedStreets = Named(streets);
        var namedCommunities = Named(communities);
        foreach (var period in Boundaries(streets.Concat(communities)))
        {
            var scopes = new[] { (Units: namedStreets.Where(s => s.Unit.InForce(period)).ToList(), Noun: "streets") }
                .Concat(namedCommunities.Where(c => c.Unit.InForce(period)).GroupBy(c => c.Unit.Street!).Select(g => (Units: g.ToList(), Noun: $"communities of {g.Key}")));
            foreach (var (units, noun) in scopes)
            {
                foreach (var clash in units.SelectMany(u => u.Names.Select(n => (n.Key, n.Name, u.Unit)))
                    .GroupBy(n => n.Key, StringComparer.Ordinal).Where(g => g.Select(n => n.Unit.Code).Distinct().Count() > 1))
                {
                    var codes = clash.Select(n => n.Unit.Code).Distinct().Order(StringComparer.Ordinal).ToList();
                    if (reported.Add($"{clash.Key}|{string.Join(",", codes)}"))
                    {
                        add(codes[^1], "name", $"'{clash.First().Name}' names two {noun} in force in {Shown(period)}: {string.Join(" and ", codes)}");
                    }
                }
            }
        }
    }

    /// <summary>Each group has a code of its own, a name and members, each member once.</summary>
    private static void Groups(IReadOnlyList<CommunityGroup> groups, Action<string, string, string> add)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            if (string.IsNullOrWhiteSpace(group.Code) || string.IsNullOrWhiteSpace(group.Name) || !codes.Add(group.Code))
            {
                add(group.Code, "code", $"group '{group.Name}' needs a code of its own and a name");
            }

            if (group.Communities.Count == 0)
            {
                add(group.Code, "communities", $"group '{group.Name}' lists no communities");
            }
            else if (group.Communities.Distinct(StringComparer.Ordinal).Count() != group.Communities.Count)
            {
                add(group.Code, "communities", $"group '{group.Name}' lists a community twice");
            }
        }
    }

    /// <summary>The service modes templates offer: names, each once as clerks spell it.</summary>
    private static void ServiceModes(IReadOnlyList<string> modes, Action<string, string, string> add)
    {
        var normalized = modes.Select(TextValues.Normalize).ToList();
        if (normalized.Any(m => m.Length == 0) || normalized.DistinctBy(TextValues.NameKey).Count() != normalized.Count)
        {
            add("(file)", "serviceModes", "must be names, each listed once");
        }
    }

    [GeneratedRegex(@"^[0-9]{6}$")]
    private static partial Regex DistrictCodePattern();

    // Streets and communities alike have 12-digit statistical division codes.
    [GeneratedRegex(@"^[0-9]{12}$")]
    private static partial Regex TwelveDigitCode();

    private static string Shown(string period) => period == DivisionHistory.BeginningPeriod ? "its first period" : period;
}
