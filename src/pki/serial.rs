//! Certificate serial numbers and OpenSSL's `ca.srl` file.
//!
//! `openssl x509 -req -CAcreateserial` starts from a random serial and adds one per
//! signature, keeping the *last used* serial in `ca.srl` as upper-case hex plus a newline.
//! milvus-cert reads and writes the same format so both tools can take turns on one CA.

use anyhow::{Context, Result, bail};
use std::fmt;

/// Bytes of randomness in a fresh serial: 20 bytes (159 usable bits) like OpenSSL's
/// `-CAcreateserial`, comfortably above the 128 bits we promise.
const RANDOM_SERIAL_BYTES: usize = 20;

/// RFC 5280 caps serials at 20 octets; a `ca.srl` holding more is not a serial file.
const MAX_SERIAL_BYTES: usize = 20;

/// A positive certificate serial number, big-endian, without leading zero bytes.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Serial(Vec<u8>);

impl Serial {
    /// A fresh random positive serial of 20 bytes whose first byte is non-zero, so the
    /// number really has ≥ 153 bits and DER never needs a sign byte to keep it positive.
    pub fn random() -> Result<Self> {
        let mut bytes = [0u8; RANDOM_SERIAL_BYTES];
        aws_lc_rs::rand::fill(&mut bytes)
            .map_err(|_| anyhow::anyhow!("the system random number generator failed"))?;
        bytes[0] = (bytes[0] & 0x7f).max(0x40);
        Ok(Serial(bytes.to_vec()))
    }

    /// Builds a serial from big-endian bytes (as x509-parser gives them).
    pub fn from_be_bytes(bytes: &[u8]) -> Self {
        let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
        Serial(bytes[first..].to_vec())
    }

    /// Big-endian bytes without leading zeros (empty for zero).
    pub fn as_be_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The serial after this one, as `openssl x509 -CAserial` computes it; a fresh random
    /// one when that would not fit RFC 5280's 20 octets (as DER encodes it, sign byte
    /// included), so every serial stays positive and short enough for every verifier.
    pub fn next(&self) -> Result<Self> {
        let mut bytes = self.0.clone();
        let mut carried = true;
        for byte in bytes.iter_mut().rev() {
            let (sum, carry) = byte.overflowing_add(1);
            *byte = sum;
            if !carry {
                carried = false;
                break;
            }
        }
        if carried {
            bytes.insert(0, 1);
        }
        let next = Serial(bytes);
        if next.fits() {
            Ok(next)
        } else {
            Serial::random()
        }
    }

    /// Whether the serial is positive and DER-encodes in at most 20 octets.
    pub fn fits(&self) -> bool {
        match self.0.first() {
            None => false,
            Some(first) => {
                self.0.len() < MAX_SERIAL_BYTES
                    || (self.0.len() == MAX_SERIAL_BYTES && *first < 0x80)
            }
        }
    }

    /// Whether a counter starting here is guessable: under 64 random-looking bits (the
    /// CA/Browser Forum asks for 64 bits of randomness in every serial).
    pub fn low_entropy(&self) -> bool {
        self.bits() < 64
    }

    /// Number of significant bits.
    pub fn bits(&self) -> usize {
        match self.0.first() {
            None => 0,
            Some(first) => self.0.len() * 8 - first.leading_zeros() as usize,
        }
    }

    /// Parses the contents of a `ca.srl` file (hex, either case, optional newline).
    pub fn parse_srl(text: &str) -> Result<Self> {
        let hex = text.trim();
        if hex.is_empty() {
            bail!("it is empty (expected the last serial as hexadecimal)");
        }
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            bail!("it is not hexadecimal (expected the last serial, like OpenSSL writes it)");
        }
        let padded = if hex.len() % 2 == 1 {
            format!("0{hex}")
        } else {
            hex.to_string()
        };
        let bytes = (0..padded.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&padded[i..i + 2], 16))
            .collect::<Result<Vec<u8>, _>>()
            .context("it is not hexadecimal")?;
        let serial = Serial::from_be_bytes(&bytes);
        if serial.0.len() > MAX_SERIAL_BYTES {
            bail!("the serial is longer than the 20 bytes RFC 5280 allows");
        }
        Ok(serial)
    }

    /// The `ca.srl` contents for this serial: upper-case hex and a newline, as OpenSSL
    /// writes it (an even number of digits, "00" for zero).
    pub fn to_srl(&self) -> String {
        format!("{}\n", self.hex())
    }

    /// Upper-case hex, an even number of digits.
    pub fn hex(&self) -> String {
        if self.0.is_empty() {
            return "00".to_string();
        }
        self.0.iter().map(|b| format!("{b:02X}")).collect()
    }
}

impl fmt::Debug for Serial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Serial({})", self.hex())
    }
}

impl fmt::Display for Serial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_serials_are_positive_long_and_distinct() {
        let a = Serial::random().unwrap();
        let b = Serial::random().unwrap();
        assert_ne!(a, b);
        for s in [a, b] {
            assert_eq!(s.as_be_bytes().len(), 20);
            assert!(
                s.as_be_bytes()[0] < 0x80,
                "top bit set would make DER negative"
            );
            assert!(s.bits() >= 128, "{} bits", s.bits());
        }
    }

    #[test]
    fn srl_round_trips_in_openssl_format() {
        let text = "07781A13D07B2A554F175AE5B3DB290EC0403C47\n";
        let serial = Serial::parse_srl(text).unwrap();
        assert_eq!(serial.to_srl(), text);
        assert_eq!(
            Serial::parse_srl("07781a13d07b2a554f175ae5b3db290ec0403c47").unwrap(),
            serial
        );
    }

    #[test]
    fn next_carries_like_a_big_integer() {
        let s = Serial::parse_srl("00FF").unwrap();
        assert_eq!(s.next().unwrap().to_srl(), "0100\n");
        let s = Serial::parse_srl("FFFF").unwrap();
        assert_eq!(s.next().unwrap().hex(), "010000");
        let s = Serial::parse_srl("1").unwrap();
        assert_eq!(s.next().unwrap().hex(), "02");
        let s = Serial::parse_srl("07781A13D07B2A554F175AE5B3DB290EC0403C47").unwrap();
        assert_eq!(
            s.next().unwrap().hex(),
            "07781A13D07B2A554F175AE5B3DB290EC0403C48"
        );
        assert!(
            Serial::parse_srl("0")
                .unwrap()
                .next()
                .unwrap()
                .low_entropy()
        );
        assert!(!Serial::random().unwrap().low_entropy());
    }

    #[test]
    fn a_counter_that_would_overflow_20_octets_starts_afresh() {
        for full in ["FF".repeat(20), format!("7F{}", "FF".repeat(19))] {
            let next = Serial::parse_srl(&full).unwrap().next().unwrap();
            assert_eq!(next.as_be_bytes().len(), 20, "{next}");
            assert!(next.as_be_bytes()[0] < 0x80 && next.fits(), "{next}");
            assert!(next.bits() >= 150, "{next}");
        }
        let almost = Serial::parse_srl(&format!("7F{}FE", "FF".repeat(18))).unwrap();
        assert_eq!(
            almost.next().unwrap().hex(),
            format!("7F{}", "FF".repeat(19))
        );
    }

    #[test]
    fn bad_srl_contents_are_refused() {
        for bad in ["", "\n", "xyz", "12 34", &"AB".repeat(21)] {
            assert!(Serial::parse_srl(bad).is_err(), "{bad:?} accepted");
        }
    }
}
