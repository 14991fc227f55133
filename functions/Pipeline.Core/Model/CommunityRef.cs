namespace Pipeline.Core.Model;

/// <summary>Where a community is: its 12-digit code when the sheet has one, else its name within its street.</summary>
public sealed record CommunityRef(string Key, string? Code, string Name)
{
    public static CommunityRef Create(string? code, string name) =>
        new(string.IsNullOrEmpty(code) ? $"n:{TextValues.NameKey(name)}" : code, string.IsNullOrEmpty(code) ? null : code, name);
}
