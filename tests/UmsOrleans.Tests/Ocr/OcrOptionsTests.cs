using System.ComponentModel.DataAnnotations;
using UmsOrleans.Engine.Encoders.Ocr;

namespace UmsOrleans.Tests.Ocr;

/// <summary>A wrong OCR setting is refused with a message naming it.</summary>
public sealed class OcrOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(Validate(new OcrOptions()));
    }

    [Theory]
    [InlineData("Device", "Ums:Ocr:Device")]
    [InlineData("DetectionLimitType", "Ums:Ocr:DetectionLimitType")]
    [InlineData("BoxThreshold", "Ums:Ocr:BoxThreshold")]
    [InlineData("RecognitionBatchSize", "Ums:Ocr:RecognitionBatchSize")]
    public void A_wrong_setting_is_named(string setting, string named)
    {
        var options = setting switch
        {
            "Device" => new OcrOptions { Device = "tpu" },
            "DetectionLimitType" => new OcrOptions { DetectionLimitType = "avg" },
            "BoxThreshold" => new OcrOptions { BoxThreshold = 1.5 },
            _ => new OcrOptions { RecognitionBatchSize = 0 },
        };
        var error = Assert.Single(Validate(options));
        Assert.Contains(named, error.ErrorMessage);
    }

    private static List<ValidationResult> Validate(OcrOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
