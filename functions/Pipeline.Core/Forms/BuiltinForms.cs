using Pipeline.Core.Model;

namespace Pipeline.Core.Forms;

/// <summary>
/// Today's three kinds of sheet as the built-in catalog defines them: whether a file of a kind merges by key or
/// replaces its slice, its title, its plausibility rules. Code that needs to know such a thing of a kind asks the
/// catalog here, instead of naming the kind.
/// </summary>
public static class BuiltinForms
{
    public static FormDefinition Of(SheetKind kind) =>
        FormCatalogs.Builtin.Form(kind.ToString()) ?? throw new InvalidOperationException($"The built-in form catalog has no form {kind}.");

    /// <summary>Whether a file of <paramref name="kind"/> merges its rows by key (a ticket export) rather than replacing its slices.</summary>
    public static bool MergesByKey(this SheetKind kind) => Of(kind).Statement == Statement.Merge;
}
