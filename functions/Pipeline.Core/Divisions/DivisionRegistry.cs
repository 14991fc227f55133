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

    public DivisionRegistry(string districtCode, string districtName, IReadOnlyList<Street> streets, IReadOnlyList<CommunityGroup>? groups = null)
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
        }

        Groups = CheckGroups(groups ?? []);
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

    /// <summary>In code order.</summary>
    public IReadOnlyList<Street> Streets { get; }

    public Street? FindByCode(string code) => _byCode.GetValueOrDefault(code.Trim());

    public Street? FindByName(string name) => _byName.GetValueOrDefault(TextValues.NameKey(name));

    /// <summary>
    /// A registry from its JSON form: {"district": {"code", "name"}, "streets": [{"code", "name", "aliases"}],
    /// "groups": [{"code", "name", "communities": ["110115003001", …]}]} (groups optional).
    /// </summary>
    public static DivisionRegistry Parse(string json)
    {
        var document = JsonSerializer.Deserialize(json, RegistryJsonContext.Default.RegistryDocument)
            ?? throw new FormatException("The registry is empty.");
        return new DivisionRegistry(document.District.Code, document.District.Name,
            [.. document.Streets.Select(s => new Street(s.Code, s.Name, s.Aliases ?? []))],
            [.. (document.Groups ?? []).Select(g => new CommunityGroup(g.Code, g.Name, g.Communities ?? []))]);
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

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex DistrictCodePattern();

    // Streets and communities alike have 12-digit statistical division codes.
    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex TwelveDigitCode();
}
