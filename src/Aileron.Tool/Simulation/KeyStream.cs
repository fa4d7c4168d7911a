using System.Globalization;
using Aileron.Balancing;

namespace Aileron.Simulation;

/// <summary>
/// The request keys of a simulation: "k" + an id drawn from <c>count</c> ids, hashed exactly as a
/// header value is, from a seeded source so the same seed gives the same keys; with no keys, the
/// key a request without one gets (<see cref="RequestKey.Missing"/>).
/// </summary>
internal sealed class KeyStream
{
    private readonly KeyDistribution _distribution;
    private readonly int _count;
    private readonly RandomSource _random;
    private readonly ZipfSampler? _zipf;
    private readonly RequestKey _missing;

    public KeyStream(KeyDistribution distribution, int count, ulong seed, MissingKey missingKey = MissingKey.HashEmpty)
    {
        _missing = RequestKey.Missing(missingKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _distribution = distribution;
        _count = count;
        _random = new RandomSource(seed);
        _zipf = distribution == KeyDistribution.Zipf ? new ZipfSampler(count) : null;
    }

    public RequestKey Next() => _distribution switch
    {
        KeyDistribution.Uniform => KeyOf((int)_random.Next((uint)_count)),
        KeyDistribution.Zipf => KeyOf(_zipf!.Sample(_random.NextUInt64())),
        _ => _missing,
    };

    /// <summary>The key "k{id}", as a request would carry it.</summary>
    public static RequestKey KeyOf(int id)
    {
        Span<char> text = stackalloc char[12];
        text[0] = 'k';
        id.TryFormat(text[1..], out var digits, provider: CultureInfo.InvariantCulture);
        return RequestKey.From(text[..(digits + 1)]);
    }
}
