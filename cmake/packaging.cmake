# `cpack -G DEB` from the build folder: a Debian package of what `cmake --install` installs. Its
# Depends line is computed by dpkg-shlibdeps (Debian package dpkg-dev) from the binaries' shared
# libraries, so it names the system's Qt, QtKeychain and C++ runtime packages without a hand list.
set(CPACK_PACKAGE_NAME "vcd-explorer")
set(CPACK_PACKAGE_VENDOR "VCD Explorer developers")
set(CPACK_PACKAGE_CONTACT "VCD Explorer developers <vcd-explorer@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Desktop explorer for VMware Cloud Director\n Browse organizations, VDCs, vApps, VMs, networks and catalogs as one tree,\n search and export the inventory, and run power, snapshot and metadata actions.\n Includes vcd-sim, a Cloud Director simulator.")
# Only what the application needs at run time: the tests and benchmarks install nothing.
set(CPACK_COMPONENTS_ALL_IN_ONE_PACKAGE ON)
include(CPack)
