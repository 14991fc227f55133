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

    /// <summary>Computed by the pipeline (a rate), only cross-checked when written: templates leave it out and say so.</summary>
    public bool Computed { get; init; }

    /// <summary>What the template's instructions add about the column (留空表示未评价).</summary>
    public Bilingual? Description { get; init; }

    /// <summary>A list of the registry the template offers as suggestions for the column, other values still read.</summary>
    public RegistryList? Suggestions { get; init; }
}

/// <summary>A list the district's registry keeps, which a template offers for a text column.</summary>
public enum RegistryList
{
    /// <summary>The registry's <c>serviceModes</c> (物业服务方式).</summary>
    ServiceModes,
}

/// <summary>One value of a choice column, and the other spellings clerks write for it.</summary>
public sealed record ChoiceOption(string Value)
{
    public IReadOnlyList<string> Aliases { get; init; } = [];
}
