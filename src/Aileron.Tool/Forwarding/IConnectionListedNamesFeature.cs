namespace Aileron.Forwarding;

/// <summary>
/// A connection feature: the header names the Connection header of the request running now listed.
/// Kestrel keeps only <c>close</c> or <c>keep-alive</c> of that header, so the names are read from
/// the raw request head by whoever sees it (the server's connection middleware).
/// </summary>
internal interface IConnectionListedNamesFeature
{
    /// <summary>The names, other than <c>close</c> and <c>keep-alive</c>; null when there were none.</summary>
    List<string>? CurrentListed { get; }
}
