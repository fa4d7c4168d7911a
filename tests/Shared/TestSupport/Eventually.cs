namespace Aileron.Tests.TestSupport;

/// <summary>Waits for a condition that another thread makes true, failing the test at a deadline instead of hanging.</summary>
internal static class Eventually
{
    public static Task True(Func<bool> condition, string what, int timeoutMs = 5000) => True(condition, () => what, timeoutMs);

    /// <summary>As <see cref="True(Func{bool}, string, int)"/>, with a description made at the deadline (a child process's output so far).</summary>
    public static async Task True(Func<bool> condition, Func<string> what, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 >= deadline)
            {
                Assert.Fail($"timed out after {timeoutMs} ms waiting for {what()}");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>As <see cref="True(Func{bool}, string, int)"/>, for a condition that has to await (a request).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            Assert.True(Environment.TickCount64 < deadline, $"timed out after {timeoutMs} ms waiting for {what}");
            await Task.Delay(5);
        }
    }
}
