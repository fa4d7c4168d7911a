namespace Aileron.Simulation;

/// <summary>How <c>simulate</c> draws the request keys the hash algorithms read.</summary>
internal enum KeyDistribution
{
    /// <summary>Every key equally likely.</summary>
    Uniform,

    /// <summary>Zipf's law (exponent 1): the k-th most popular key is drawn in proportion to 1/k, as real traffic skews.</summary>
    Zipf,

    /// <summary>Requests carry no key: shows how the hash algorithms spread key-less requests.</summary>
    None,
}
