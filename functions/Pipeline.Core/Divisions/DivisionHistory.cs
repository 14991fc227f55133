using System.Text.Json;
using Pipeline.Core.Model;

namespace Pipeline.Core.Divisions;

/// <summary>
/// The district's divisions over time (区划): every street and community with the periods it is in force and the
/// units it became, as the registry file states them. <see cref="In"/> is the registry of one period, the divisions as
/// they were then; <see cref="Changes"/> what changed, period by period. A file without dates is in force always.
/// Only <see cref="Read"/> makes one, so every history here passed its checks.
/// </summary>
public sealed class DivisionHistory
{
    // Before every dated change: a unit without a first period is in force here.
    private const string Beginning = "0001-01";

    private DivisionHistory(string districtCode, string districtName, string? version, IReadOnlyList<DivisionUnit> streets,
        IReadOnlyList<DivisionUnit> communities, IReadOnlyList<CommunityGroup> groups, IReadOnlyList<string> serviceModes)
    {
        DistrictCode = districtCode;
        DistrictName = districtName;
        Version = version;
        Streets = streets;
        Communities = communities;
        Groups = groups;
        ServiceModes = serviceModes;
    }

    public string DistrictCode { get; }

    public string DistrictName { get; }

    /// <summary>The version the district gave the file, if any.</summary>
    public string? Version { get; }

    /// <summary>Every entry of a street, in the file's order.</summary>
    public IReadOnlyList<DivisionUnit> Streets { get; }

    /// <summary>Every entry of a community or village, in the file's order.</summary>
    public IReadOnlyList<DivisionUnit> Communities { get; }

    public IReadOnlyList<CommunityGroup> Groups { get; }

    public IReadOnlyList<string> ServiceModes { get; }

    /// <summary>
    /// The registry of <paramref name="period"/>: the streets in force then, each with its communities in force then, and
    /// each group with its members in the streets in force then (a group with none then is not reported on).
    /// </summary>
    public DivisionRegistry In(string period)
    {
        var communities = Communities.Where(c => c.InForce(period)).ToLookup(c => c.Street!, StringComparer.Ordinal);
        var streets = Streets.Where(s => s.InForce(period)).ToList();
        var townships = streets.Select(s => s.Code[..9]).ToHashSet(StringComparer.Ordinal);
        return new(DistrictCode, DistrictName,
            [.. streets.Select(s => new Street(s.Code, s.Name, s.Aliases) { Communities = [.. communities[s.Code].Select(c => new Community(c.Code, c.Name))] })],
            [.. Groups.Select(g => g with { Communities = [.. g.Communities.Where(m => townships.Contains(m[..9]))] }).Where(g => g.Communities.Count > 0)],
            ServiceModes);
    }

    /// <summary>Every change, by period: units that began (and what they came from), ended (and what they became), were renamed.</summary>
    public IReadOnlyList<DivisionChange> Changes()
    {
        var changes = new List<DivisionChange>();
        foreach (var level in new[] { Streets, Communities })
        {
            var byCode = level.ToLookup(u => u.Code, StringComparer.Ordinal);
            var bySuccessor = level.SelectMany(u => u.Successors.Select(s => (Successor: s, Unit: u))).ToLookup(x => x.Successor, x => x.Unit, StringComparer.Ordinal);
            foreach (var unit in level.Where(u => u.From is not null))
            {
                var before = Periods.Add(unit.From!, -1);
                if (byCode[unit.Code].FirstOrDefault(u => u.Until == before) is { } earlier)
                {
                    if (earlier.Name != unit.Name)
                    {
                        changes.Add(new DivisionChange(unit.From!, DivisionChangeKind.Renamed, unit, []) { Before = earlier });
                    }

                    continue;
                }

                changes.Add(new DivisionChange(unit.From!, DivisionChangeKind.Began, unit, [.. bySuccessor[unit.Code].Where(u => u.Until == before).Distinct()]));
            }

            foreach (var unit in level.Where(u => u.Until is not null))
            {
                var after = Periods.Add(unit.Until!, 1);
                if (byCode[unit.Code].Any(u => u.From == after))
                {
                    continue;
                }

                changes.Add(new DivisionChange(after, DivisionChangeKind.Ended, unit,
                    [.. unit.Successors.SelectMany(code => byCode[code].Where(u => u.InForce(after)))]));
            }
        }

        return [.. changes.OrderBy(c => c.Period, StringComparer.Ordinal).ThenBy(c => c.Unit.IsStreet ? 0 : 1).ThenBy(c => c.Kind).ThenBy(c => c.Unit.Code, StringComparer.Ordinal)];
    }

    /// <summary>The history in <paramref name="json"/>, or every problem found with it, each naming the file, the unit and the field.</summary>
    public static (DivisionHistory? History, IReadOnlyList<DivisionProblem> Problems) Read(string json, string file)
    {
        RegistryDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, RegistryJsonContext.Default.RegistryDocument);
        }
        catch (JsonException e)
        {
            return (null, [new DivisionProblem(file, "(file)", "json", $"is not a registry: {e.Message}")]);
        }

        if (document?.District?.Code is null || document.District.Name is null || document.Streets is null)
        {
            return (null, [new DivisionProblem(file, "(file)", "district", "a registry names its district (code and name) and lists its streets")]);
        }

        // JSON may hold a null or a nameless entry anywhere: each is a problem, never an exception.
        if (Incomplete(document) is { } incomplete)
        {
            return (null, [new DivisionProblem(file, "(file)", incomplete, "every street, community and group has a code and a name, and no list holds a null")]);
        }

        var problems = new List<DivisionProblem>();
        void Add(string unit, string field, string message) => problems.Add(new DivisionProblem(file, unit, field, message));
        var streets = new List<DivisionUnit>();
        var communities = new List<DivisionUnit>();
        foreach (var street in document.Streets)
        {
            streets.Add(new DivisionUnit(street.Code, street.Name, Kind(street.Code, street.Kind, DivisionKind.Street, isStreet: true, Add), street.From, street.Until)
            {
                Aliases = street.Aliases ?? [],
                Successors = street.Successors ?? [],
            });
            communities.AddRange((street.Communities ?? []).Select(c =>
                new DivisionUnit(c.Code, TextValues.Normalize(c.Name), Kind(c.Code, c.Kind, DivisionKind.Community, isStreet: false, Add), c.From, c.Until)
                {
                    Aliases = c.Aliases ?? [],
                    Successors = c.Successors ?? [],
                    Street = street.Code,
                }));
        }

        var groups = (document.Groups ?? []).Select(g => new CommunityGroup(g.Code, g.Name, g.Communities ?? [])).ToList();
        RegistryChecks.Check(document.District.Code, streets, communities, groups, Add);
        if (problems.Count == 0)
        {
            var history = new DivisionHistory(document.District.Code, document.District.Name, document.Version, streets, communities, groups, document.ServiceModes ?? []);
            // The registry of the latest period stands as a registry of its own (service modes, groups); the checks above
            // cover what changes between periods, so one construction, not one per period, bounds the cost.
            try
            {
                _ = history.In(RegistryChecks.Boundaries(streets.Concat(communities))[^1]);
            }
            catch (FormatException e)
            {
                Add("(file)", "divisions", e.Message);
            }

            if (problems.Count == 0)
            {
                return (history, []);
            }
        }

        return (null, problems);
    }

    /// <summary>The divisions shipped for <paramref name="districtCode"/> (Divisions/Registries/{code}.json); null when there are none.</summary>
    public static DivisionHistory? Builtin(string districtCode)
    {
        using var stream = typeof(DivisionHistory).Assembly.GetManifestResourceStream($"Pipeline.Core.Divisions.Registries.{districtCode}.json");
        if (stream is null)
        {
            return null;
        }

        var (history, problems) = Read(new StreamReader(stream).ReadToEnd(), $"{districtCode}.json");
        return history ?? throw new InvalidOperationException($"The shipped registry of {districtCode} is not valid: {problems[0]}");
    }

    private static string? Incomplete(RegistryDocument document)
    {
        foreach (var (street, index) in document.Streets.Select((s, i) => (s, i)))
        {
            if (street?.Code is null || street.Name is null || street.Aliases?.Any(a => a is null) == true || street.Successors?.Any(s => s is null) == true)
            {
                return $"streets[{index}]";
            }

            foreach (var (community, position) in (street.Communities ?? []).Select((c, i) => (c, i)))
            {
                if (community?.Code is null || community.Name is null || community.Aliases?.Any(a => a is null) == true || community.Successors?.Any(s => s is null) == true)
                {
                    return $"streets[{index}].communities[{position}]";
                }
            }
        }

        foreach (var (group, index) in (document.Groups ?? []).Select((g, i) => (g, i)))
        {
            if (group?.Code is null || group.Name is null || group.Communities?.Any(c => c is null) == true)
            {
                return $"groups[{index}]";
            }
        }

        return document.ServiceModes?.Any(m => m is null) == true ? "serviceModes" : null;
    }

    private static DivisionKind Kind(string code, string? kind, DivisionKind otherwise, bool isStreet, Action<string, string, string> add)
    {
        var parsed = kind switch
        {
            null => otherwise,
            "street" => DivisionKind.Street,
            "town" => DivisionKind.Town,
            "area" => DivisionKind.Area,
            "zone" => DivisionKind.Zone,
            "community" => DivisionKind.Community,
            "village" => DivisionKind.Village,
            _ => (DivisionKind?)null,
        };
        if (parsed is not { } known || (isStreet != (known is DivisionKind.Street or DivisionKind.Town or DivisionKind.Area or DivisionKind.Zone)))
        {
            add(code, "kind", isStreet
                ? $"'{kind}' is not a kind of street: street (街道), town (镇), area (地区) or zone (功能区)"
                : $"'{kind}' is not a kind of community: community (社区) or village (村)");
            return otherwise;
        }

        return known;
    }

    internal static string BeginningPeriod => Beginning;
}
