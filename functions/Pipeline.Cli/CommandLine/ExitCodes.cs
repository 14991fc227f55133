namespace Pipeline.Cli.CommandLine;

public static class ExitCodes
{
    public const int Success = 0;

    /// <summary><c>validate</c> found findings, or <c>run --strict</c> rejected a file.</summary>
    public const int Findings = 1;

    /// <summary>Usage or environment error.</summary>
    public const int Error = 2;
}
