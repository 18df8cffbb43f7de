using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.TestingHost;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Grains.Placement;
using UmsOrleans.Routing;

namespace UmsOrleans.Tests.Encoders;

/// <summary>Encoder grains go to the silo that advertises a GPU, wherever the call starts.</summary>
public sealed class EncoderPlacementTests
{
    private const int Replicas = 6;

    [Fact]
    public async Task With_one_gpu_silo_every_encoder_activation_is_there()
    {
        var (cluster, gpuSilo) = await StartAsync(silos: 3, gpuSiloIndex: 1);
        await using (cluster)
        {
            var silos = cluster.Silos.ToList();
            await WaitUntilEverySiloSeesAsync(cluster, gpuSilo!);

            await EncodeFromEverySiloAsync(cluster);

            var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
            var encoders = statistics.Where(s => s.GrainId.Type.ToString() == "encoder").ToList();
            Assert.Equal(Replicas, encoders.Count);
            Assert.All(encoders, activation => Assert.Equal(gpuSilo, activation.SiloAddress));
            foreach (var silo in silos)
            {
                var loaded = cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<EncoderHost>().LoadedModels;
                Assert.Equal(silo.SiloAddress == gpuSilo ? new[] { "default" } : [], loaded);
            }
        }
    }

    [Fact]
    public async Task With_no_gpu_silo_encoding_still_works()
    {
        var (cluster, _) = await StartAsync(silos: 2, gpuSiloIndex: null);
        await using (cluster)
        {
            var vectors = await EncodeFromEverySiloAsync(cluster);
            Assert.All(vectors, v => Assert.Equal(384 * sizeof(float), v.Length));
            var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
            Assert.Equal(Replicas, statistics.Count(s => s.GrainId.Type.ToString() == "encoder"));
        }
    }

    /// <summary>Replica r is first called from silo r mod n, so placements start on CPU and GPU silos alike.</summary>
    private static async Task<List<byte[]>> EncodeFromEverySiloAsync(InProcessTestCluster cluster)
    {
        var silos = cluster.Silos.ToList();
        var vectors = new List<byte[]>();
        for (var replica = 0; replica < Replicas; replica++)
        {
            var grains = cluster.GetSiloServiceProvider(silos[replica % silos.Count].SiloAddress).GetRequiredService<IGrainFactory>();
            var batch = await grains.GetGrain<IEncoderGrain>(EncoderKey.Format("default", replica)).EncodeTexts(["oat milk"]);
            Assert.Equal("text", batch.Space);
            vectors.Add(batch.Items.Single().Vector!);
        }
        Assert.All(vectors, v => Assert.Equal(vectors[0], v));
        return vectors;
    }

    private static async Task<(InProcessTestCluster Cluster, SiloAddress? GpuSilo)> StartAsync(int silos, int? gpuSiloIndex)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        var started = 0;
        string? gpuName = null;
        builder.ConfigureSilo((options, silo) =>
        {
            var index = Interlocked.Increment(ref started) - 1;
            var gpu = index == gpuSiloIndex;
            if (gpu) gpuName = options.SiloName;
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Ums:Encoding:Device"] = "cpu",
                ["Ums:Encoding:Accelerator"] = gpu ? SiloAccelerator.Gpu : SiloAccelerator.None,
            }).Build();
            silo.AddUmsEncoding(configuration);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var gpuSilo = gpuName is null ? null : cluster.Silos.Single(s => s.Name == gpuName).SiloAddress;
        return (cluster, gpuSilo);
    }

    /// <summary>Silo metadata spreads asynchronously with membership; wait until every silo knows the GPU silo's.</summary>
    private static async Task WaitUntilEverySiloSeesAsync(InProcessTestCluster cluster, SiloAddress gpuSilo)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var silo in cluster.Silos)
        {
            var cache = cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<ISiloMetadataCache>();
            while (!cache.GetSiloMetadata(gpuSilo).Metadata.TryGetValue(SiloAccelerator.MetadataKey, out var value) || value != SiloAccelerator.Gpu)
            {
                await Task.Delay(20, timeout.Token);
            }
        }
    }
}
