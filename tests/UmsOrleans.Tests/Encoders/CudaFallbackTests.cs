using Microsoft.Extensions.Logging;
using UmsOrleans.Engine.Encoders.Onnx;

namespace UmsOrleans.Tests.Encoders;

/// <summary>Asking for CUDA where its provider cannot load gives a CPU session and one clear log line.</summary>
public sealed class CudaFallbackTests
{
    [Fact]
    public void Cuda_without_a_loadable_provider_falls_back_to_cpu_with_one_log_line()
    {
        var sessions = new OnnxSessionCache();
        var logger = new ListLogger();
        var preprocess = ModelFile.Resolve(DefaultModelFiles.Manifest, DefaultModelFiles.Manifest.Image!.Preprocessing.Onnx!);
        var image = ModelFile.Resolve(DefaultModelFiles.Manifest, DefaultModelFiles.Manifest.Image.Onnx);

        var first = sessions.GetOrCreate(preprocess, ExecutionDevice.Cuda(0), 1, logger);
        var second = sessions.GetOrCreate(image, ExecutionDevice.Cuda(0), 1, logger);

        if (sessions.TryCuda(ExecutionDevice.Cuda(0), out _))
        {
            // A machine with a working CUDA provider: the sessions run there and nothing falls back.
            Assert.Equal(ExecutionDevice.Cuda(0), first.Actual);
            Assert.DoesNotContain(logger.Entries, e => e.Level == LogLevel.Warning);
            return;
        }
        Assert.Equal(ExecutionDevice.Cuda(0), first.Requested);
        Assert.Equal(ExecutionDevice.Cpu, first.Actual);
        Assert.Equal(ExecutionDevice.Cpu, second.Actual);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.StartsWith("CUDA execution provider unavailable for cuda:0, falling back to CPU: ", warning.Message);
        Assert.DoesNotContain('\n', warning.Message);
    }

    [Fact]
    public void One_session_per_model_and_device_is_shared()
    {
        var sessions = new OnnxSessionCache();
        var preprocess = ModelFile.Resolve(DefaultModelFiles.Manifest, DefaultModelFiles.Manifest.Image!.Preprocessing.Onnx!);
        var a = sessions.GetOrCreate(preprocess, ExecutionDevice.Cpu, 1, new ListLogger());
        var b = sessions.GetOrCreate(preprocess, ExecutionDevice.Cpu, 1, new ListLogger());
        Assert.Same(a.Session, b.Session);
    }

    [Theory]
    [InlineData("cpu", false, 0)]
    [InlineData("cuda", true, 0)]
    [InlineData("CUDA:3", true, 3)]
    public void Devices_parse(string setting, bool cuda, int id)
    {
        Assert.Equal(new ExecutionDevice(cuda, id), ExecutionDevice.Parse(setting));
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    public void Unknown_devices_are_refused(string setting) => Assert.False(ExecutionDevice.TryParse(setting, out _));
}
