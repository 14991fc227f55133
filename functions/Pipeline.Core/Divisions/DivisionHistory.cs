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
    public const string BeginningPeriod = "0001-01";

    /// <summary>A registry file is a list of divisions, not data: anything larger is refused before it is parsed.</summary>
    public const int MaxBytes = 16 << 20;

    private readonly ILookup<string, DivisionUnit> _streetsByCode;
    private readonly ILookup<string, DivisionUnit> _streetsByName;
    private readonly ILookup<string, DivisionUnit> _communitiesByCode;
    private readonly ILookup<(string Street, string Name), DivisionUnit> _communitiesByName;

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
        _streetsByCode = streets.ToLookup(s => s.Code, StringComparer.Ordinal);
        _streetsByName = streets.SelectMany(s => s.Aliases.Prepend(s.Name).Select(n => (Key: TextValues.NameKey(n), Unit: s))).ToLookup(x => x.Key, x => x.Unit, StringComparer.Ordinal);
        _communitiesByCode = communities.ToLookup(c => c.Code, StringComparer.Ordinal);
        _communitiesByName = communities.SelectMany(c => c.Aliases.Prepend(c.Name).Select(n => (Key: (c.Street!, TextValues.NameKey(n)), Unit: c))).ToLookup(x => x.Key, x => x.Unit);
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
            [.. Groups.Select(g => g with { Communities = [.. Members(g, period, townships)] }).Where(g => g.Communities.Count > 0)],
            ServiceModes)
        {
            History = this,
            Period = period,
        };
    }

    /// <summary>
    /// The units in force in <paramref name="period"/> that <paramref name="unit"/> is then: itself while in force; once it
    /// ended, its later entry (renamed) or what it became, followed through their own ends; none before it begins.
    /// </summary>
    public IReadOnlyList<DivisionUnit> SuccessorsIn(DivisionUnit unit, string period)
    {
        var found = new List<DivisionUnit>();
        var seen = new HashSet<DivisionUnit>();
        var pending = new Stack<DivisionUnit>([unit]);
        // Each entry is followed once, so the walk is bounded by the registry's size, which its checks bound.
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next))
            {
                continue;
            }

            if (next.InForce(period))
            {
                found.Add(next);
            }
            else if (next.Until is { } until && string.CompareOrdinal(until, period) < 0)
            {
                var after = Periods.Add(until, 1);
                var byCode = next.IsStreet ? _streetsByCode : _communitiesByCode;
                var renamed = byCode[next.Code].Where(u => u.From == after).ToList();
                foreach (var successor in renamed.Count > 0 ? renamed : next.Successors.SelectMany(code => byCode[code].Where(u => u.InForce(after))))
                {
                    pending.Push(successor);
                }
            }
        }

        return [.. found.Distinct().OrderBy(u => u.Code, StringComparer.Ordinal)];
    }

    /// <summary>The units that became <paramref name="unit"/> when it began: ended the month before and linked to it.</summary>
    public IReadOnlyList<DivisionUnit> PredecessorsOf(DivisionUnit unit)
    {
        if (unit.From is not { } from)
        {
            return [];
        }

        var before = Periods.Add(from, -1);
        var level = unit.IsStreet ? Streets : Communities;
        return [.. level.Where(u => u.Until == before && (u.Successors.Contains(unit.Code) || u.Code == unit.Code))];
    }

    /// <summary>The name a street code has last (one that ended, the name it had then); null for a code that is no street of the district.</summary>
    public string? StreetName(string code) => _streetsByCode[code].MaxBy(u => u.From ?? BeginningPeriod, StringComparer.Ordinal)?.Name;

    /// <summary>
    /// A street a row of <paramref name="period"/> names (by code, else by name) that is not in force then but is in
    /// the history; null when it is in force or was never a street of the district.
    /// </summary>
    public DivisionNotice? StreetNotice(string code, string name, string period) =>
        Notice(code.Length > 0 ? _streetsByCode[code] : _streetsByName[TextValues.NameKey(name)], period);

    /// <summary>As <see cref="StreetNotice"/>, for a community of the street <paramref name="streetCode"/> named by code or name.</summary>
    public DivisionNotice? CommunityNotice(string streetCode, string? code, string name, string period) =>
        Notice(string.IsNullOrEmpty(code) ? _communitiesByName[(streetCode, TextValues.NameKey(name))] : _communitiesByCode[code], period);

    private DivisionNotice? Notice(IEnumerable<DivisionUnit> entries, string period)
    {
        var candidates = entries.ToList();
        if (candidates.Count == 0 || candidates.Any(u => u.InForce(period)))
        {
            return null;
        }

        // The entry nearest the period: the last that ended before it, else the first that begins after it.
        var ended = candidates.Where(u => u.Until is { } until && string.CompareOrdinal(until, period) < 0).MaxBy(u => u.Until, StringComparer.Ordinal);
        var unit = ended ?? candidates.MinBy(u => u.From, StringComparer.Ordinal)!;
        return new DivisionNotice(unit, period, ended is null ? [] : SuccessorsIn(ended, period));
    }

    /// <summary>
    /// A group's members in <paramref name="period"/>: a member the registry lists is followed to what it is then (a
    /// village to its residents' committee); one it does not list counts while its street is in force.
    /// </summary>
    private IEnumerable<string> Members(CommunityGroup group, string period, HashSet<string> townships) =>
        group.Communities.SelectMany(member => _communitiesByCode[member].ToList() is { Count: > 0 } entries
                ? entries.SelectMany(e => SuccessorsIn(e, period)).Select(u => u.Code)
                : townships.Contains(member[..9]) ? [member] : [])
            .Distinct(StringComparer.Ordinal);

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
        var serviceModes = document.ServiceModes ?? [];
        RegistryChecks.Check(document.District.Code, streets, communities, groups, serviceModes, Add);
        return problems.Count == 0
            ? (new DivisionHistory(document.District.Code, document.District.Name, document.Version, streets, communities, groups,
                [.. serviceModes.Select(TextValues.Normalize)]), [])
            : (null, problems);
    }

    /// <summary>The divisions over time of a registry without dates: every unit in force always.</summary>
    public static DivisionHistory Of(DivisionRegistry registry) => registry.History ?? new(registry.DistrictCode, registry.DistrictName, null,
        [.. registry.Streets.Select(s => new DivisionUnit(s.Code, s.Name, DivisionKind.Street, null, null) { Aliases = s.Aliases })],
        [.. registry.Streets.SelectMany(s => s.Communities.Select(c => new DivisionUnit(c.Code, c.Name, DivisionKind.Community, null, null) { Street = s.Code }))],
        registry.Groups, registry.ServiceModes);

    /// <summary>The registry of the latest period the history names: the divisions in force now and from then on.</summary>
    public DivisionRegistry Latest() => In(RegistryChecks.Boundaries(Streets.Concat(Communities))[^1]);

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
}
