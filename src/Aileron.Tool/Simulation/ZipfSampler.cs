namespace Aileron.Simulation;

/// <summary>
/// Draws ranks 0..n−1 with probability proportional to 1/(rank+1): Zipf's law, by inverting the
/// CDF. A guide table (Chen and Asau) points each of n equal slices of [0, 1) at its first rank,
/// so a draw inspects one or two entries instead of binary-searching a table larger than the caches.
/// </summary>
internal sealed class ZipfSampler
{
    private readonly double[] _cumulative;
    private readonly int[] _guide;

    public ZipfSampler(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _cumulative = new double[count];
        double sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += 1.0 / (i + 1);
            _cumulative[i] = sum;
        }

        for (var i = 0; i < count; i++)
        {
            _cumulative[i] /= sum;
        }

        _cumulative[^1] = 1.0;
        _guide = new int[count];
        for (int slice = 0, rank = 0; slice < count; slice++)
        {
            while (_cumulative[rank] <= (double)slice / count)
            {
                rank++;
            }

            _guide[slice] = rank;
        }
    }

    /// <summary>The rank that <paramref name="random"/> (64 uniform bits) selects.</summary>
    public int Sample(ulong random)
    {
        var u = (random >> 11) * (1.0 / (1UL << 53));
        var rank = _guide[(int)(u * _guide.Length)];
        while (_cumulative[rank] <= u)
        {
            rank++;
        }

        return rank;
    }
}
