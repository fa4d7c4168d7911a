namespace Aileron.Configuration.Model;

/// <summary>
/// AILERON's core/v1 ErrorHandler: how the proxy's own error answers look. The Entrypoint's
/// <c>defaultErrorHandler</c> makes one apply to every server.
/// </summary>
internal sealed record ErrorHandlerSpec : ConfigNode
{
    /// <summary>AILERON logs stack traces for every error when set; aileron logs none, so true is a warning.</summary>
    public bool StackAlways { get; init; }

    /// <summary>Tried in order; the first that matches an error writes its answer.</summary>
    public IReadOnlyList<ErrorMessageSpec> ErrorMessages { get; init; } = [];
}
