using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Core.Model;

namespace Pipeline.Core.Divisions;

/// <summary>The district and its streets, with the names clerks use for them.</summary>
public sealed partial class DivisionRegistry
{
    private readonly Dictionary<string, Street> _byCode;
    private readonly Dictionary<string, Street> _byName;

    public DivisionRegistry(string districtCode, string districtName, IReadOnlyList<Street> streets, IReadOnlyList<CommunityGroup>? groups = null,
        IReadOnlyList<string>? serviceModes = null)
    {
        if (!DistrictCodePattern().IsMatch(districtCode))
        {
            throw new FormatException($"District code '{districtCode}' is not 6 digits.");
        }

        DistrictCode = districtCode;
        DistrictName = districtName;
        Streets = [.. streets.OrderBy(s => s.Code, StringComparer.Ordinal)];
        _byCode = new(StringComparer.Ordinal);
        _byName = new(StringComparer.Ordinal);
        foreach (var street in Streets)
        {
            if (!TwelveDigitCode().IsMatch(street.Code) || !street.Code.StartsWith(districtCode, StringComparison.Ordinal))
            {
                throw new FormatException($"Street code '{street.Code}' is not a 12-digit code inside {districtCode}.");
            }

            if (!_byCode.TryAdd(street.Code, street))
            {
                throw new FormatException($"Street code '{street.Code}' is listed twice.");
            }

            foreach (var name in street.Aliases.Prepend(street.Name))
            {
                if (!_byName.TryAdd(TextValues.NameKey(name), street))
                {
                    throw new FormatException($"Street name '{name}' is listed twice.");
                }
            }

            CheckCommunities(street);
        }

        Groups = CheckGroups(groups ?? []);
        ServiceModes = [.. (serviceModes ?? []).Select(TextValues.Normalize)];
        if (ServiceModes.Any(m => m.Length == 0) || ServiceModes.DistinctBy(TextValues.NameKey).Count() != ServiceModes.Count)
        {
            throw new FormatException("The registry's service modes must be names, each listed once.");
        }
    }

    /// <summary>A street's communities: 12-digit codes inside the street, each code and name once.</summary>
    private static void CheckCommunities(Street street)
    {
        foreach (var community in street.Communities)
        {
            if (community.Code is null || !TwelveDigitCode().IsMatch(community.Code) || !community.Code.StartsWith(street.TownshipPrefix, StringComparison.Ordinal)
                || community.Code == street.Code || string.IsNullOrWhiteSpace(community.Name))
            {
                throw new FormatException(
                    $"Community '{community.Code}' ({community.Name}) of street '{street.Name}' needs a name and a 12-digit code starting with {street.TownshipPrefix}.");
            }
        }

        if (street.Communities.DistinctBy(c => c.Code).Count() != street.Communities.Count
            || street.Communities.DistinctBy(c => TextValues.NameKey(c.Name)).Count() != street.Communities.Count)
        {
            throw new FormatException($"Street '{street.Name}' lists a community twice.");
        }
    }

    /// <summary>Each member must be a community of a street of this registry: its code starts with that street's township part.</summary>
    private IReadOnlyList<CommunityGroup> CheckGroups(IReadOnlyList<CommunityGroup> groups)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            if (string.IsNullOrWhiteSpace(group.Code) || string.IsNullOrWhiteSpace(group.Name) || !codes.Add(group.Code))
            {
                throw new FormatException($"Community group '{group.Code}' needs a code of its own and a name.");
            }

            if (group.Communities.Count == 0)
            {
                throw new FormatException($"Community group '{group.Name}' lists no communities.");
            }

            foreach (var member in group.Communities)
            {
                if (!TwelveDigitCode().IsMatch(member) || !Streets.Any(s => member.StartsWith(s.TownshipPrefix, StringComparison.Ordinal)))
                {
                    throw new FormatException(
                        $"Community group '{group.Name}' lists community '{member}', which is not a 12-digit community code in a street of the registry of {DistrictCode}.");
                }
            }

            if (group.Communities.Distinct(StringComparer.Ordinal).Count() != group.Communities.Count)
            {
                throw new FormatException($"Community group '{group.Name}' lists a community twice.");
            }
        }

        return groups;
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
    /// A registry from its JSON form: {"district": {"code", "name"}, "streets": [{"code", "name", "aliases",
    /// "communities": [{"code", "name"}]}], "groups": [{"code", "name", "communities": ["110115003001", …]}],
    /// "serviceModes": ["专业物业", …]} (aliases, communities, groups and service modes optional).
    /// A file that dates its units (<c>from</c>, <c>until</c>, <c>successors</c>) is read as a <see cref="DivisionHistory"/>,
    /// and gives the divisions in force in the latest period it names.
    /// </summary>
    public static DivisionRegistry Parse(string json)
    {
        var document = JsonSerializer.Deserialize(json, RegistryJsonContext.Default.RegistryDocument)
            ?? throw new FormatException("The registry is empty.");
        if (document.Streets.Any(s => s.From is not null || s.Until is not null || s.Successors is not null
                || (s.Communities ?? []).Any(c => c.From is not null || c.Until is not null || c.Successors is not null)))
        {
            var (history, problems) = DivisionHistory.Read(json, "registry");
            return history is null
                ? throw new FormatException(problems[0].ToString())
                : history.In(RegistryChecks.Boundaries(history.Streets.Concat(history.Communities))[^1]);
        }

        return new DivisionRegistry(document.District.Code, document.District.Name,
            [.. document.Streets.Select(s => new Street(s.Code, s.Name, s.Aliases ?? [])
            {
                Communities = [.. (s.Communities ?? []).Select(c => new Community(c.Code, TextValues.Normalize(c.Name)))],
            })],
            [.. (document.Groups ?? []).Select(g => new CommunityGroup(g.Code, g.Name, g.Communities ?? []))],
            document.ServiceModes);
    }

    /// <summary>A registry shipped with the product (Divisions/Registries/{code}.json); null when there is none.</summary>
    public static DivisionRegistry? Builtin(string districtCode)
    {
        using var stream = Assembly.GetExecutingAssembly()
            .GetManifestResourceStream($"Pipeline.Core.Divisions.Registries.{districtCode}.json");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    [GeneratedRegex(@"^[0-9]{6}$")]
    internal static partial Regex DistrictCodePattern();

    // Streets and communities alike have 12-digit statistical division codes.
    [GeneratedRegex(@"^[0-9]{12}$")]
    internal static partial Regex TwelveDigitCode();
}
