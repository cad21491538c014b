# UK market. Patients are French expatriates followed by French doctors, so the consultation
# recordings are French health data (HDS applies).
market   = "uk"
location = "uksouth"
