namespace Aileron.Balancing;

/// <summary>Weight arithmetic: what a configured weight means, and the reduction the algorithms that expand weights into tables share.</summary>
internal static class WeightMath
{
    /// <summary>AILERON's rule for an upstream's weight: 0 means 1; -1 (disabled) and 1 to 65535 are themselves.</summary>
    public static int Effective(int configured) => configured == 0 ? 1 : configured;

    /// <summary>
    /// Divides the weights by their greatest common divisor and, when their sum still exceeds
    /// <paramref name="maxTotal"/>, scales them down in proportion (each stays at least 1).
    /// </summary>
    public static int[] Reduce(int[] weights, int maxTotal)
    {
        var gcd = weights.Aggregate(0, (a, w) => Gcd(a, w));
        var reduced = weights.Select(w => w / Math.Max(gcd, 1)).ToArray();
        long total = reduced.Sum(w => (long)w);
        if (total <= maxTotal)
        {
            return reduced;
        }

        var scale = (double)maxTotal / total;
        return [.. reduced.Select(w => Math.Max(1, (int)(w * scale)))];
    }

    public static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
