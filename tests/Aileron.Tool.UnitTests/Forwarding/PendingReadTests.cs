using System.IO.Pipelines;
using Aileron.Forwarding;

namespace Aileron.Tests.Forwarding;

/// <summary>Unit tests: a pipe read that waits completes through one reusable source, its result transformed.</summary>
public sealed class PendingReadTests
{
    [Fact]
    public async Task Reads_that_wait_complete_one_after_another_with_their_results_transformed()
    {
        var pipe = new Pipe();
        var seen = new List<long>();
        var pending = new PendingRead<ReadResult>(result =>
        {
            seen.Add(result.Buffer.Length);
            return result;
        });

        for (var i = 1; i <= 3; i++)
        {
            var inner = pipe.Reader.ReadAsync();
            Assert.False(inner.IsCompleted);
            var read = pending.Await(inner);
            await pipe.Writer.WriteAsync(new byte[i]);

            var result = await read;

            Assert.Equal(i, result.Buffer.Length);
            pipe.Reader.AdvanceTo(result.Buffer.End);
        }

        Assert.Equal([1L, 2L, 3L], seen);
    }

    [Fact]
    public async Task A_read_that_fails_passes_its_exception_on()
    {
        var pipe = new Pipe();
        var pending = new PendingRead<ReadResult>(result => result);
        var read = pending.Await(pipe.Reader.ReadAsync());

        await pipe.Writer.CompleteAsync(new IOException("reset"));

        Assert.Equal("reset", (await Assert.ThrowsAsync<IOException>(async () => await read)).Message);
    }
}
