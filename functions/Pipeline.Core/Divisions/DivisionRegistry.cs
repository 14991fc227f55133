using Pipeline.Core.Model;

namespace Pipeline.Core.Divisions;

/// <summary>
/// The district and its streets in force in one period, with the names clerks use for them: made by
/// <see cref="DivisionHistory.In"/> from a registry that passed its checks (<see cref="RegistryChecks"/>).
/// </summary>
public sealed class DivisionRegistry
{
    private readonly Dictionary<string, Street> _byCode;
    private readonly Dictionary<string, Street> _byName;

    internal DivisionRegistry(string districtCode, string districtName, IReadOnlyList<Street> streets, IReadOnlyList<CommunityGroup> groups,
        IReadOnlyList<string> serviceModes)
    {
        DistrictCode = districtCode;
        DistrictName = districtName;
        Streets = [.. streets.OrderBy(s => s.Code, StringComparer.Ordinal)];
        _byCode = Streets.ToDictionary(s => s.Code, StringComparer.Ordinal);
        // Names are unique among the streets in force in a period, which is what a registry of one period holds.
        _byName = Streets.SelectMany(s => s.Aliases.Prepend(s.Name).Select(n => (Key: TextValues.NameKey(n), Street: s)))
            .ToDictionary(x => x.Key, x => x.Street, StringComparer.Ordinal);
        Groups = groups;
        ServiceModes = serviceModes;
    }

    public string DistrictCode { get; }

    /// <summary>Named groups of communities reported on beside the streets; none unless the registry file lists them.</summary>
    public IReadOnlyList<CommunityGroup> Groups { get; }

    public string DistrictName { get; }

    /// <summary>The property-service modes (物业服务方式) the district uses; submission templates offer them. Rows may name others.</summary>
    public IReadOnlyList<string> ServiceModes { get; }

    /// <summary>In code order.</summary>
    public IReadOnlyList<Street> Streets { get; }

    /// <summary>The divisions over time this is the registry of one period of; none for a registry without dates.</summary>
    public DivisionHistory? History { get; init; }

    /// <summary>The period of <see cref="History"/> this registry is; none for a registry without dates.</summary>
    public string? Period { get; init; }

    public Street? FindByCode(string code) => _byCode.GetValueOrDefault(code.Trim());

    public Street? FindByName(string name) => _byName.GetValueOrDefault(TextValues.NameKey(name));

    /// <summary>
    /// The registry in force now from a registry file's JSON form: {"district": {"code", "name"}, "streets": [{"code",
    /// "name", "aliases", "communities": [{"code", "name"}]}], "groups": [{"code", "name", "communities":
    /// ["110115003001", …]}], "serviceModes": ["专业物业", …]} (aliases, communities, groups and service modes optional),
    /// read as a <see cref="DivisionHistory"/> (with <c>from</c>, <c>until</c> and <c>successors</c> where a unit has
    /// them); the divisions in force in the latest period it names. A file with a problem is a <see cref="FormatException"/>.
    /// </summary>
    public static DivisionRegistry Parse(string json)
    {
        var (history, problems) = DivisionHistory.Read(json, "registry");
        return history?.Latest() ?? throw new FormatException(problems[0].ToString());
    }

    /// <summary>The registry in force now of those shipped with the product (Divisions/Registries/{code}.json); null when there is none.</summary>
    public static DivisionRegistry? Builtin(string districtCode) => DivisionHistory.Builtin(districtCode)?.Latest();
}
