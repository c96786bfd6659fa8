//! Drawing the world for the route map: an equirectangular projection, a viewport that fits the Regions
//! of a route, rough continent outlines (decoration only), and arcs between Regions.

/// Width of the whole world in map units; the height follows from the projection.
pub const WORLD_W: f64 = 1000.0;

/// Map units per degree.
const K: f64 = WORLD_W / 360.0;

/// Projects longitude and latitude to map units (x to the east, y down, origin at 180°W, 90°N).
#[must_use]
pub fn project(lon: f64, lat: f64) -> (f64, f64) {
    ((lon + 180.0) * K, (90.0 - lat) * K)
}

/// A rectangle in map units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Viewport {
    /// The world between 72°N and 48°S (where the Regions are).
    #[must_use]
    pub fn world() -> Self {
        let (_, top) = project(0.0, 72.0);
        let (_, bottom) = project(0.0, -48.0);
        Self {
            x: 0.0,
            y: top,
            w: WORLD_W,
            h: bottom - top,
        }
    }

    /// The smallest viewport of the world's aspect ratio that holds `points` with a margin, never smaller
    /// than a sixth of the world's width.
    #[must_use]
    pub fn fit(points: &[(f64, f64)]) -> Self {
        let world = Self::world();
        if points.is_empty() {
            return world;
        }
        let aspect = world.h / world.w;
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in points {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        // Labels sit to the right of their dot: leave room for them on that side.
        let span = x1 - x0;
        let mut w = (span * 1.45 + WORLD_W / 14.0).max(WORLD_W / 6.0);
        let mut h = (y1 - y0) * 1.5 + 40.0;
        if h > w * aspect {
            w = h / aspect;
        } else {
            h = w * aspect;
        }
        if w >= world.w {
            return world;
        }
        let cx = (x0 + x1) / 2.0 + w * 0.07;
        let cy = (y0 + y1) / 2.0;
        let x = (cx - w / 2.0).clamp(0.0, WORLD_W - w);
        let y = (cy - h / 2.0).clamp(world.y.min(cy - h / 2.0), (world.y + world.h - h).max(world.y));
        Self { x, y, w, h }
    }

    /// The `viewBox` attribute.
    #[must_use]
    pub fn view_box(&self) -> String {
        format!("{:.1} {:.1} {:.1} {:.1}", self.x, self.y, self.w, self.h)
    }
}

/// A curved path from `a` to `b`, bulging to the left of the direction of travel.
#[must_use]
pub fn arc(a: (f64, f64), b: (f64, f64)) -> String {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mx, my) = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
    let bulge = 0.22;
    let (cx, cy) = (mx + dy * bulge, my - dx.abs() * bulge - dy.abs() * 0.05);
    format!("M{:.1},{:.1} Q{:.1},{:.1} {:.1},{:.1}", a.0, a.1, cx, cy, b.0, b.1)
}

/// A small loop at `a`, for a check in the source Region itself.
#[must_use]
pub fn self_loop(a: (f64, f64), size: f64) -> String {
    format!(
        "M{:.1},{:.1} c{:.1},{:.1} {:.1},{:.1} 0,0",
        a.0,
        a.1,
        -size,
        -size * 1.8,
        size,
        -size * 1.8
    )
}

/// Very rough continent outlines as (longitude, latitude) rings, for orientation only.
pub const LAND: &[&[(f64, f64)]] = &[
    // North America
    &[
        (-168.0, 66.0),
        (-160.0, 71.0),
        (-140.0, 70.0),
        (-120.0, 70.0),
        (-95.0, 72.0),
        (-82.0, 66.0),
        (-78.0, 59.0),
        (-64.0, 60.0),
        (-56.0, 52.0),
        (-66.0, 44.0),
        (-70.0, 41.0),
        (-76.0, 35.0),
        (-81.0, 31.0),
        (-80.0, 25.0),
        (-83.0, 29.0),
        (-90.0, 29.0),
        (-97.0, 27.0),
        (-97.0, 21.0),
        (-92.0, 18.0),
        (-88.0, 21.0),
        (-87.0, 16.0),
        (-83.0, 10.0),
        (-77.0, 8.0),
        (-80.0, 7.0),
        (-86.0, 12.0),
        (-92.0, 14.0),
        (-105.0, 20.0),
        (-110.0, 24.0),
        (-115.0, 30.0),
        (-118.0, 34.0),
        (-123.0, 38.0),
        (-124.0, 46.0),
        (-127.0, 50.0),
        (-135.0, 57.0),
        (-146.0, 61.0),
        (-155.0, 58.0),
        (-163.0, 55.0),
        (-158.0, 59.0),
        (-165.0, 61.0),
    ],
    // Greenland
    &[
        (-55.0, 60.0),
        (-43.0, 60.0),
        (-22.0, 70.0),
        (-20.0, 78.0),
        (-40.0, 83.0),
        (-65.0, 80.0),
        (-72.0, 77.0),
        (-55.0, 70.0),
    ],
    // South America
    &[
        (-77.0, 8.0),
        (-72.0, 12.0),
        (-62.0, 11.0),
        (-51.0, 4.0),
        (-35.0, -5.0),
        (-39.0, -13.0),
        (-41.0, -22.0),
        (-48.0, -26.0),
        (-53.0, -34.0),
        (-58.0, -38.0),
        (-65.0, -41.0),
        (-66.0, -47.0),
        (-69.0, -52.0),
        (-70.0, -55.0),
        (-74.0, -50.0),
        (-73.0, -40.0),
        (-71.0, -30.0),
        (-70.0, -18.0),
        (-76.0, -14.0),
        (-81.0, -6.0),
        (-80.0, 0.0),
        (-78.0, 4.0),
    ],
    // Europe and Asia
    &[
        (-10.0, 36.0),
        (-9.0, 43.0),
        (-2.0, 44.0),
        (-4.0, 48.0),
        (2.0, 51.0),
        (8.0, 54.0),
        (10.0, 57.0),
        (5.0, 62.0),
        (14.0, 68.0),
        (25.0, 71.0),
        (40.0, 67.0),
        (60.0, 69.0),
        (80.0, 73.0),
        (105.0, 77.0),
        (130.0, 71.0),
        (160.0, 70.0),
        (180.0, 68.0),
        (180.0, 65.0),
        (163.0, 60.0),
        (156.0, 51.0),
        (143.0, 59.0),
        (135.0, 54.0),
        (140.0, 48.0),
        (131.0, 43.0),
        (129.0, 35.0),
        (126.0, 37.0),
        (122.0, 40.0),
        (121.0, 31.0),
        (117.0, 24.0),
        (110.0, 21.0),
        (106.0, 17.0),
        (109.0, 11.0),
        (104.0, 9.0),
        (100.0, 13.0),
        (103.0, 1.0),
        (98.0, 8.0),
        (98.0, 16.0),
        (94.0, 17.0),
        (91.0, 22.0),
        (86.0, 20.0),
        (80.0, 15.0),
        (77.0, 8.0),
        (73.0, 17.0),
        (72.0, 22.0),
        (67.0, 25.0),
        (57.0, 26.0),
        (56.0, 22.0),
        (59.0, 22.0),
        (52.0, 16.0),
        (44.0, 12.0),
        (39.0, 20.0),
        (34.0, 28.0),
        (32.0, 31.0),
        (35.0, 36.0),
        (28.0, 37.0),
        (26.0, 41.0),
        (23.0, 38.0),
        (19.0, 42.0),
        (13.0, 45.0),
        (16.0, 39.0),
        (12.0, 42.0),
        (8.0, 44.0),
        (3.0, 43.0),
        (-1.0, 37.0),
        (-6.0, 36.0),
    ],
    // Africa
    &[
        (-17.0, 21.0),
        (-13.0, 28.0),
        (-9.0, 32.0),
        (-5.0, 36.0),
        (10.0, 37.0),
        (11.0, 33.0),
        (20.0, 31.0),
        (32.0, 31.0),
        (35.0, 28.0),
        (43.0, 12.0),
        (51.0, 12.0),
        (41.0, -2.0),
        (40.0, -10.0),
        (35.0, -20.0),
        (33.0, -26.0),
        (27.0, -34.0),
        (18.0, -35.0),
        (15.0, -27.0),
        (12.0, -17.0),
        (13.0, -6.0),
        (9.0, 0.0),
        (9.0, 4.0),
        (3.0, 6.0),
        (-8.0, 4.0),
        (-13.0, 8.0),
        (-17.0, 14.0),
    ],
    // Arabia is part of Asia above; Madagascar
    &[
        (44.0, -25.0),
        (47.0, -25.0),
        (50.0, -15.0),
        (49.0, -12.0),
        (44.0, -17.0),
    ],
    // Great Britain and Ireland
    &[
        (-5.0, 50.0),
        (1.0, 51.0),
        (2.0, 53.0),
        (-2.0, 56.0),
        (-3.0, 58.5),
        (-6.0, 58.0),
        (-5.0, 55.0),
        (-3.0, 53.0),
    ],
    &[(-10.0, 52.0), (-6.0, 52.0), (-6.0, 55.0), (-8.0, 55.0)],
    // Japan
    &[
        (130.0, 31.0),
        (135.0, 34.0),
        (140.0, 35.0),
        (142.0, 40.0),
        (141.0, 45.0),
        (144.0, 44.0),
        (140.0, 41.0),
        (138.0, 37.0),
        (133.0, 35.0),
    ],
    // Sumatra, Java, Borneo, New Guinea, Philippines (roughly)
    &[(95.0, 5.0), (106.0, -6.0), (114.0, -8.0), (106.0, -7.0), (100.0, -2.0)],
    &[(109.0, 2.0), (117.0, 7.0), (119.0, 1.0), (116.0, -4.0), (110.0, -3.0)],
    &[
        (131.0, -1.0),
        (141.0, -3.0),
        (150.0, -10.0),
        (141.0, -9.0),
        (135.0, -4.0),
    ],
    &[(120.0, 18.0), (122.0, 18.0), (126.0, 7.0), (122.0, 7.0)],
    // Australia
    &[
        (114.0, -22.0),
        (122.0, -18.0),
        (130.0, -12.0),
        (136.0, -12.0),
        (142.0, -11.0),
        (146.0, -19.0),
        (153.0, -25.0),
        (151.0, -34.0),
        (146.0, -39.0),
        (140.0, -38.0),
        (135.0, -35.0),
        (131.0, -31.0),
        (116.0, -35.0),
        (115.0, -30.0),
    ],
    // New Zealand
    &[
        (172.0, -34.5),
        (178.5, -37.5),
        (175.0, -41.5),
        (171.0, -44.0),
        (167.0, -46.5),
        (170.0, -42.0),
        (174.0, -39.0),
    ],
];

/// The SVG path of every continent outline.
#[must_use]
pub fn land_path() -> String {
    let mut d = String::new();
    for ring in LAND {
        for (i, &(lon, lat)) in ring.iter().enumerate() {
            let (x, y) = project(lon, lat);
            d.push_str(&format!("{}{:.1},{:.1}", if i == 0 { "M" } else { "L" }, x, y));
        }
        d.push('Z');
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projects_the_corners() {
        assert_eq!(project(-180.0, 90.0), (0.0, 0.0));
        let (x, y) = project(180.0, -90.0);
        assert!((x - WORLD_W).abs() < 1e-9 && (y - WORLD_W / 2.0).abs() < 1e-9);
    }

    #[test]
    fn fits_close_regions_with_room_and_keeps_the_aspect() {
        let a = project(-77.5, 39.0);
        let b = project(-83.0, 40.0);
        let c = project(-123.0, 45.8);
        let v = Viewport::fit(&[a, b, c]);
        let world = Viewport::world();
        assert!(v.w < world.w / 2.0);
        assert!((v.h / v.w - world.h / world.w).abs() < 1e-9);
        for (x, y) in [a, b, c] {
            assert!(x > v.x && x < v.x + v.w && y > v.y && y < v.y + v.h);
        }
        assert_eq!(Viewport::fit(&[]), world);
    }
}
