using Aileron.Configuration;
using Aileron.Configuration.Model;
using Aileron.Configuration.Yaml;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Configuration.Yaml;

public sealed class ConfigPrinterTests
{
    public static TheoryData<string> Examples => [.. TestFiles.ExampleNames];

    private static string Print(ProxyConfig config)
    {
        using var writer = new StringWriter();
        ConfigPrinter.Print(config, writer);
        return writer.ToString();
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Printed_config_loads_back_to_the_same_effective_config(string example)
    {
        var original = ConfigLoader.LoadFiles([TestFiles.Example(example)]).Config!;

        var printed = Print(original);
        var reloaded = TestYaml.Load(printed, "printed.yaml");

        Assert.Empty(reloaded.Diagnostics);
        Assert.Equal(printed, Print(reloaded.Config!));
    }

    [Fact]
    public void Printing_fills_defaults_and_leaves_out_empty_values()
    {
        var config = TestYaml.Load(TestYaml.WithHandler("""
                - lbAlgorithm: RingHash
                  upstreams:
                    - url: http://localhost:8001
                      weight: 0
            """)).Config!;

        var printed = Print(config);

        Assert.Contains("  - lbAlgorithm: RingHash\n", printed);
        Assert.Contains("      weight: 1\n", printed);
        Assert.Contains("    hashTableSize: 65536\n", printed);
        Assert.Contains("      hashSource: ClientAddr\n", printed);
        Assert.DoesNotContain("rewrite", printed);
        Assert.DoesNotContain("hosts", printed);
    }
}
