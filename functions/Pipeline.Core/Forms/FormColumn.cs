namespace Pipeline.Core.Forms;

/// <summary>
/// A column of a form: its key (what expressions name it by), the header clerks see, the headers accepted for it
/// (compared after removing spaces and case; its label and key always are), its type, whether a row must fill it, and
/// its limits.
/// </summary>
public sealed record FormColumn(string Key, Bilingual Label, ColumnType Type)
{
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public bool Required { get; init; }

    /// <summary>For numbers: the least and greatest value allowed.</summary>
    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>For text: the longest value allowed.</summary>
    public int? MaxLength { get; init; }

    /// <summary>For a choice: the values, each with the spellings read as it.</summary>
    public IReadOnlyList<ChoiceOption> Options { get; init; } = [];
}

/// <summary>One value of a choice column, and the other spellings clerks write for it.</summary>
public sealed record ChoiceOption(string Value)
{
    public IReadOnlyList<string> Aliases { get; init; } = [];
}
