//! The authorities that issue documents integrated into the card, each with its own signer certificate.

/// An issuing authority of integrated documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Authority {
    /// Health and social insurance.
    SocialSecurity,
    Tax,
    /// Driving licences and vehicle registrations.
    RoadTraffic,
    /// Passports.
    Immigration,
    /// Birth and marriage certificates.
    CivilRegistry,
}

impl Authority {
    pub const ALL: [Authority; 5] =
        [Self::SocialSecurity, Self::Tax, Self::RoadTraffic, Self::Immigration, Self::CivilRegistry];

    /// File and manifest name: `social_security`, `tax`, ...
    pub fn name(self) -> &'static str {
        match self {
            Self::SocialSecurity => "social_security",
            Self::Tax => "tax",
            Self::RoadTraffic => "road_traffic",
            Self::Immigration => "immigration",
            Self::CivilRegistry => "civil_registry",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// Human-readable name used in the certificate subject.
    pub fn title(self) -> &'static str {
        match self {
            Self::SocialSecurity => "Social Security",
            Self::Tax => "Tax",
            Self::RoadTraffic => "Road Traffic",
            Self::Immigration => "Immigration",
            Self::CivilRegistry => "Civil Registry",
        }
    }
}

impl std::fmt::Display for Authority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
