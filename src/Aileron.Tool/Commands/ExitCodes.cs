namespace Aileron.Commands;

/// <summary>The exit codes of every command.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The check failed: invalid config, an upstream down, a port in use.</summary>
    public const int CheckFailed = 1;

    /// <summary>The command line was wrong: unknown flag, missing <c>-f</c>, unreadable file.</summary>
    public const int Usage = 2;
}
