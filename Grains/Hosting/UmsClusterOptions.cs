using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace UmsOrleans.Grains.Hosting;

/// <summary>How this process joins the cluster (section <c>Ums:Cluster</c>).</summary>
public sealed class UmsClusterOptions : IValidatableObject
{
    public const string Section = "Ums:Cluster";

    /// <summary>Redis connection string of the membership store; empty = single-machine localhost clustering.</summary>
    public string? Redis { get; set; }

    /// <summary>
    /// The cluster's id. Unset with localhost clustering: derived from the full path of
    /// <c>Ums:Catalog:DataDirectory</c> (<see cref="LocalClusterId"/>), so only programs over the same data
    /// directory form or join one cluster; unset with Redis: <c>ums</c>.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = $"{Section}:{nameof(ClusterId)} must not be empty.")]
    public string ClusterId { get; set; } = "ums";

    [Required(AllowEmptyStrings = false, ErrorMessage = $"{Section}:{nameof(ServiceId)} must not be empty.")]
    public string ServiceId { get; set; } = "ums-orleans";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535, ErrorMessage = $"{Section}:{nameof(SiloPort)} must be from {{1}} to {{2}}.")]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port where Orleans clients (a gateway in cluster mode) connect.</summary>
    [Range(1, 65535, ErrorMessage = $"{Section}:{nameof(GatewayPort)} must be from {{1}} to {{2}}.")]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos reach this one on; loopback by default (a one-machine cluster).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// How often a gateway in cluster mode reads the list of silos it may send through from Redis. Orleans's own default is
    /// a minute: a gateway started before most silos would send everything through the first one for that long, and lose
    /// every answer when that silo dies.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = $"{Section}:{nameof(GatewayListRefresh)} must be from {{1}} to {{2}}.")]
    public TimeSpan GatewayListRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The section's settings, validated now: the silo's endpoints and the client's gateway are configured
    /// from them while the host is being built, before options validated at start-up would be checked.
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is wrong; the message names it.</exception>
    public static UmsClusterOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<UmsClusterOptions>() ?? new UmsClusterOptions();
        var dataDirectory = configuration[$"{CatalogOptions.Section}:{nameof(CatalogOptions.DataDirectory)}"] ?? new CatalogOptions().DataDirectory;
        // A blank data directory is reported by the catalog's own validation.
        if (string.IsNullOrWhiteSpace(options.Redis) && configuration[$"{Section}:{nameof(ClusterId)}"] is null && !string.IsNullOrWhiteSpace(dataDirectory))
        {
            options.ClusterId = LocalClusterId.For(dataDirectory);
        }
        var result = new DataAnnotationValidateOptions<UmsClusterOptions>(name: null).Validate(name: null, options);
        if (result.Failed) throw new OptionsValidationException(Section, typeof(UmsClusterOptions), result.Failures);
        return options;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return new ValidationResult($"{Section}:{nameof(AdvertisedAddress)} '{AdvertisedAddress}' is not an IP address.", [nameof(AdvertisedAddress)]);
        }
    }
}
